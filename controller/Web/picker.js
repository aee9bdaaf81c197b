// The place picker's type-ahead and the place tree's open-in-place (decision 0035). Both work without this file:
// the picker then searches by a round trip and every tree node is a link to ?open=<id>.
(() => {
  if (window.signagePicker) return;
  window.signagePicker = true;

  const getJson = async url => {
    const response = await fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store', credentials: 'same-origin' });
    return response.ok ? response.json() : { items: [] };
  };

  const kioskLabel = k => `${k.name}（${k.path} · ${k.stationName}）`;

  function setupPicker(picker) {
    const q = picker.querySelector('[data-picker-q]');
    const value = picker.querySelector('[data-picker-value]');
    const chosen = picker.querySelector('[data-picker-chosen]');
    const go = picker.querySelector('[data-picker-go]');
    if (!q || !value || !chosen) return;
    // A round trip's matches: ticking one chooses it, as a type-ahead choice does.
    for (const radio of picker.querySelectorAll('[data-picker-matches] input[type=radio]')) {
      radio.addEventListener('change', () => {
        value.value = radio.value;
        chosen.textContent = radio.parentElement.textContent.trim();
        if (picker.dataset.submit) value.form?.requestSubmit();
      });
    }
    // Removed, not hidden: a hidden submit button would still be the one Enter presses in the form's other fields.
    if (go) go.remove();
    const list = document.createElement('ul');
    list.className = 'picker-results';
    list.hidden = true;
    list.setAttribute('data-picker-list', '');
    q.parentElement.after(list);
    let timer = 0;
    let asked = 0;
    const choose = (id, label) => {
      value.value = id;
      chosen.textContent = label;
      for (const radio of picker.querySelectorAll('[data-picker-matches] input[type=radio]')) radio.checked = radio.value === id;
      list.hidden = true;
      list.replaceChildren();
      q.value = '';
      picker.dispatchEvent(new Event('change', { bubbles: true }));
      // A filter or "open this building": what is chosen is shown at once.
      if (picker.dataset.submit) value.form?.requestSubmit();
    };
    const option = (id, label) => {
      const li = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'picker-option';
      button.dataset.id = id;
      button.textContent = label;
      button.addEventListener('click', () => choose(id, label));
      li.append(button);
      return li;
    };
    const search = async () => {
      const words = q.value.trim();
      const mine = ++asked;
      if (!words) {
        list.hidden = true;
        list.replaceChildren();
        return;
      }
      const kiosks = picker.dataset.picker === 'kiosks';
      let url = (kiosks ? '/admin/pick/kiosks' : '/admin/pick/places') + '?limit=20&q=' + encodeURIComponent(words);
      if (!kiosks && picker.dataset.kinds) url += '&kind=' + encodeURIComponent(picker.dataset.kinds);
      const page = await getJson(url);
      if (mine !== asked) return;
      const items = page.items.map(item => option(item.id, kiosks ? kioskLabel(item) : item.path));
      if (picker.dataset.none) items.unshift(option('', picker.dataset.none));
      if (page.items.length === 0) {
        const none = document.createElement('li');
        none.className = 'muted';
        none.textContent = picker.dataset.empty || '—';
        items.push(none);
      }
      list.replaceChildren(...items);
      list.hidden = false;
    };
    q.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(search, 200); });
    // Enter searches at once instead of sending the whole form.
    q.addEventListener('keydown', e => {
      if (e.key === 'Enter') { e.preventDefault(); clearTimeout(timer); search(); }
      if (e.key === 'Escape') { list.hidden = true; }
    });
  }

  // The place tree: a node with children opens under itself instead of loading the page for ?open=<id>.
  function setupTree(tree) {
    const kindNames = JSON.parse(tree.dataset.kindNames || '{}');
    const node = place => {
      const li = document.createElement('li');
      li.dataset.placeId = place.id;
      const link = document.createElement('a');
      link.href = '?open=' + encodeURIComponent(place.id);
      link.textContent = place.name;
      if (place.children > 0) {
        link.dataset.treeOpen = place.id;
        link.setAttribute('aria-expanded', 'false');
      }
      const small = document.createElement('small');
      small.textContent = ` ${kindNames[place.kind] || place.kind} · ${place.id}` + (place.children > 0 ? ' · ' + (tree.dataset.childrenText || '{n}').replace('{n}', place.children) : '');
      li.append(link, small);
      return li;
    };
    tree.addEventListener('click', async e => {
      const link = e.target.closest('a[data-tree-open]');
      if (!link || e.ctrlKey || e.metaKey || e.shiftKey) return;
      e.preventDefault();
      const li = link.closest('li');
      const open = li.querySelector(':scope > ul');
      if (open) {
        open.remove();
        link.setAttribute('aria-expanded', 'false');
        return;
      }
      link.setAttribute('aria-busy', 'true');
      const page = await getJson('/admin/pick/children/' + encodeURIComponent(link.dataset.treeOpen) + '?limit=200');
      link.removeAttribute('aria-busy');
      const ul = document.createElement('ul');
      ul.className = 'place-tree';
      ul.append(...page.items.map(node));
      if (page.nextCursor) {
        const more = document.createElement('li');
        const all = document.createElement('a');
        all.href = '?open=' + encodeURIComponent(link.dataset.treeOpen);
        all.textContent = `… ${page.total}`;
        more.append(all);
        ul.append(more);
      }
      li.append(ul);
      link.setAttribute('aria-expanded', 'true');
    });
  }

  const start = () => {
    document.querySelectorAll('[data-picker]').forEach(setupPicker);
    document.querySelectorAll('[data-place-tree]').forEach(setupTree);
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
