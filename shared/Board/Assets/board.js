// SignageKiosk board behaviour: which screen shows, paging instead of scrolling, the idle return and
// attract loop, the accessibility settings, read-aloud, pinyin, and live updates that keep the
// resident's place. All content arrives as HTML the renderer has already escaped; this script never
// turns data into markup (it uses textContent and attributes only).
(() => {
  'use strict';
  const root = document.documentElement;
  const host = document.getElementById('board');
  const config = JSON.parse(document.getElementById('board-config').textContent);
  const panels = ['roster', 'activities', 'duty', 'notices', 'supplies', 'wishes'];
  const defaults = { size: 'standard', scheme: 'default', lang: 'zh', pinyin: '0', rate: '1', volume: '0.7' };
  // Settings live in memory only: the next resident at a public board starts from the defaults.
  const settings = Object.assign({}, defaults);
  const state = { screen: 'home', building: null, notice: null, tabs: {}, pages: {}, overlay: null, dial: null };
  let lastHtml = null;
  let lastTouch = Date.now();
  let attractTimer = null;
  let swallowClick = false;
  let audio = null;
  let tickerIndex = 0;
  // updateMs: from the kiosk host applying a change to the updated board painted (same machine clock).
  const stats = { renders: 0, lastRenderMs: 0, updateMs: [] };
  // The kiosk host's clock (corrected against the controller) minus this browser's; the header clock uses it.
  let clockSkew = config.nowUnixMs ? config.nowUnixMs - Date.now() : 0;
  // Broadcasts this page has already announced (tone, read aloud, reported), by id and version.
  const announced = new Set();
  // The host's per-boot token, written into this page: its calls that change something need it back. A restarted
  // host has a new one, which arrives with the next /board.
  let kioskToken = config.kioskToken || '';
  const withToken = headers => Object.assign({ 'x-kiosk-token': kioskToken }, headers);

  const $ = (selector, scope) => (scope || host).querySelector(selector);
  const $$ = (selector, scope) => Array.from((scope || host).querySelectorAll(selector));

  function applySettings() {
    root.dataset.size = settings.size;
    root.dataset.scheme = settings.scheme;
    root.dataset.pinyin = settings.pinyin;
    root.lang = settings.lang === 'en' ? 'en' : 'zh-CN';
  }

  function query() {
    const params = new URLSearchParams(location.search);
    const out = new URLSearchParams();
    if (params.get('layout')) out.set('layout', params.get('layout'));
    out.set('lang', settings.lang);
    return out.toString();
  }

  // ---- rendering -------------------------------------------------------------------------------
  function render(html) {
    const started = performance.now();
    host.innerHTML = html;
    lastHtml = html;
    if ($('.screen-off')) stopSpeaking();   // outside screen hours: nothing keeps talking to a black screen
    restore();
    stats.renders++;
    stats.lastRenderMs = performance.now() - started;
  }

  async function refresh(appliedAt) {
    try {
      const response = await fetch('/board?' + query(), { cache: 'no-store' });
      if (!response.ok) return;
      const hostNow = Number(response.headers.get('x-board-now'));
      if (hostNow > 0) clockSkew = hostNow - Date.now();
      kioskToken = response.headers.get('x-kiosk-token') || kioskToken;
      const html = await response.text();
      if (html !== lastHtml) render(html);
      if (appliedAt > 0) {
        requestAnimationFrame(() => requestAnimationFrame(() => {
          stats.updateMs.push(Date.now() - appliedAt);
          if (stats.updateMs.length > 500) stats.updateMs.shift();
        }));
      }
    } catch (e) { /* the kiosk host restarts itself; the next event retries */ }
  }

  // Puts back everything the resident was looking at, in the same task as the swap: no blank frame.
  function restore() {
    applySettings();
    if (!$(`[data-screen="${state.screen}"]`)) state.screen = 'home';
    $$('.screen').forEach(s => { s.hidden = s.dataset.screen !== state.screen; });
    const detail = state.building && $(`[data-building-detail="${CSS.escape(state.building)}"]`);
    if (state.building && !detail) state.building = null;
    $$('[data-building-detail]').forEach(d => { d.hidden = d.dataset.buildingDetail !== state.building; });
    const map = $('.roster-map'); if (map) map.hidden = !!state.building;
    const notice = state.notice && $(`[data-notice-detail="${CSS.escape(state.notice)}"]`);
    if (state.notice && !notice) state.notice = null;
    $$('[data-notice-detail]').forEach(d => { d.hidden = d.dataset.noticeDetail !== state.notice; });
    const index = $('.notice-index'); if (index) index.hidden = !!state.notice;
    if (notice) { const qr = $('.qr-code', notice); if (qr && !qr.src) qr.src = qr.dataset.src; }
    $$('.tabs').forEach(tabs => {
      const screen = tabs.closest('.screen').dataset.screen;
      const selected = state.tabs[screen] || tabs.querySelector('.tab').dataset.tab;
      $$('.tab', tabs).forEach(t => t.classList.toggle('selected', t.dataset.tab === selected));
      $$('.tab-page', tabs.parentElement).forEach(p => { p.hidden = p.dataset.tabPage !== selected; });
    });
    $$('.header-button.elder-mode').forEach(b => b.classList.toggle('active', settings.size !== 'standard'));
    $$('.choice').forEach(c => c.classList.toggle('selected', settings[c.dataset.setting] === c.dataset.value ||
      (c.dataset.setting === 'rate' || c.dataset.setting === 'volume') && Number(settings[c.dataset.setting]) === Number(c.dataset.value)));
    const a11y = $('[data-overlay="a11y"]'); if (a11y) a11y.hidden = state.overlay !== 'a11y';
    if (state.overlay === 'dial' && state.dial) showDial(state.dial.number, state.dial.label); else hideDial();
    if (audio || pendingSpeech) markSpeaking(true);
    layoutPagers();
    showTicker();
    tick();
    showBroadcast();
    restoreReport();
    if (settings.pinyin === '1') addPinyin();
  }

  // ---- emergency broadcast ------------------------------------------------------------------------
  // The overlay comes with the board's HTML and covers everything; the screens beneath keep the resident's
  // place, so when it ends the board is back where it was. New ones sound a tone, are read aloud and are
  // reported to the host once painted, which tells the controller this kiosk displayed it.
  function showBroadcast() {
    const overlay = $('.broadcast');
    if (!overlay) {
      if (root.dataset.broadcast) { delete root.dataset.broadcast; lastTouch = Date.now(); }
      return;
    }
    root.dataset.broadcast = overlay.dataset.broadcastId;
    if (attractTimer) stopAttract();
    const key = overlay.dataset.broadcastId + '@' + overlay.dataset.broadcastVersion;
    if (config.preview || announced.has(key)) return;
    announced.add(key);
    requestAnimationFrame(() => requestAnimationFrame(() => reportDisplayed(overlay.dataset.broadcastId, 0)));
    playTone();
    const text = [overlay.querySelector('.broadcast-heading'), overlay.querySelector('.broadcast-title'), overlay.querySelector('.broadcast-body')]
      .filter(Boolean).map(e => e.textContent).join('。');
    setTimeout(() => { if ($('.broadcast')) speak(text); }, 1800);
  }

  async function reportDisplayed(id, attempt) {
    try {
      const response = await fetch('/broadcasts/' + encodeURIComponent(id) + '/displayed', { method: 'POST', headers: withToken() });
      if (response.ok || response.status < 500 || attempt >= 5) return;
    } catch (e) { if (attempt >= 5) return; }
    setTimeout(() => reportDisplayed(id, attempt + 1), 1000 * (attempt + 1));
  }

  function playTone() {
    try {
      const context = new AudioContext();
      const start = context.currentTime;
      // Three two-tone chimes: heard over a room, not a siren that frightens.
      [0, 0.7, 1.4].forEach(offset => [[880, 0], [660, 0.3]].forEach(([frequency, delay]) => {
        const tone = context.createOscillator();
        const gain = context.createGain();
        tone.frequency.value = frequency;
        gain.gain.setValueAtTime(0.0001, start + offset + delay);
        gain.gain.exponentialRampToValueAtTime(0.5, start + offset + delay + 0.03);
        gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + delay + 0.28);
        tone.connect(gain).connect(context.destination);
        tone.start(start + offset + delay);
        tone.stop(start + offset + delay + 0.3);
      }));
      stats.tones = (stats.tones || 0) + 1;
      stats.toneState = context.state;
      setTimeout(() => context.close(), 3000);
    } catch (e) { stats.toneError = String(e); }
  }

  // ---- paging: no scroll bars ---------------------------------------------------------------------
  function layoutPagers() {
    $$('.paged').forEach(list => {
      if (!list.offsetParent && list.getClientRects().length === 0) return;   // not on screen
      const name = list.dataset.pager;
      const pager = host.querySelector(`.pager[data-pager-for="${CSS.escape(name)}"]`);
      const items = Array.from(list.children);
      items.forEach(i => i.classList.remove('off-page'));
      if (pager) pager.hidden = false;
      const height = list.clientHeight;
      const pages = [];
      let start = null;
      items.forEach(item => {
        const box = item.getBoundingClientRect();
        if (start === null || (box.bottom - start > height + 1 && pages[pages.length - 1].length > 0)) {
          pages.push([]);
          start = box.top;
        }
        pages[pages.length - 1].push(item);
      });
      // A heading never ends a page: it moves to the page of what it heads.
      for (let p = 0; p < pages.length - 1; p++) {
        const last = pages[p][pages[p].length - 1];
        if (pages[p].length > 1 && /^H[1-6]$/.test(last.tagName)) pages[p + 1].unshift(pages[p].pop());
      }
      const count = Math.max(1, pages.length);
      const current = Math.min(state.pages[name] || 0, count - 1);
      state.pages[name] = current;
      pages.forEach((page, p) => page.forEach(item => item.classList.toggle('off-page', p !== current)));
      if (pager) {
        pager.hidden = count <= 1;
        $('.page-count', pager).textContent = `${current + 1} / ${count}`;
        $('[data-action="page-prev"]', pager).disabled = current === 0;
        $('[data-action="page-next"]', pager).disabled = current >= count - 1;
      }
      list.dataset.pages = String(count);
    });
  }

  function turnPage(name, delta) {
    state.pages[name] = Math.max(0, (state.pages[name] || 0) + delta);
    layoutPagers();
    if (settings.pinyin === '1') addPinyin();
  }

  // ---- navigation -----------------------------------------------------------------------------------
  function show(screen) {
    leaveReport(screen);
    if (screen !== state.screen) {
      state.building = null;
      state.notice = null;
    }
    state.screen = screen;
    restore();
  }

  function showDial(number, label) {
    const overlay = $('[data-overlay="dial"]');
    if (!overlay) return;
    overlay.replaceChildren();
    const card = document.createElement('div'); card.className = 'overlay-card dial-card';
    const text = document.createElement('div');
    const name = document.createElement('div'); name.className = 'dial-label'; name.textContent = label || '';
    const digits = document.createElement('div'); digits.className = 'dial-number'; digits.textContent = number;
    const hint = document.createElement('div'); hint.textContent = overlay.dataset.scan;
    const close = document.createElement('button'); close.type = 'button'; close.className = 'close-button';
    close.dataset.action = 'close'; close.textContent = overlay.dataset.close;
    text.append(name, digits, hint, close);
    const qr = document.createElement('img'); qr.className = 'qr-code'; qr.alt = overlay.dataset.scan;
    qr.src = '/qr/tel/' + encodeURIComponent(number);
    card.append(text, qr);
    overlay.append(card);
    overlay.hidden = false;
  }

  function hideDial() { const overlay = $('[data-overlay="dial"]'); if (overlay) { overlay.hidden = true; overlay.replaceChildren(); } }

  function act(button) {
    const d = button.dataset;
    switch (d.action) {
      case 'open': show(d.target); break;
      case 'home': show('home'); break;
      case 'building': state.building = d.building; restore(); break;
      case 'map': state.building = null; restore(); break;
      case 'notice': state.screen = 'notices'; state.notice = d.notice; restore(); break;
      case 'notices-list': state.notice = null; restore(); break;
      case 'tab': state.tabs[state.screen] = d.tab; restore(); break;
      case 'page-prev': turnPage(d.pager, -1); break;
      case 'page-next': turnPage(d.pager, 1); break;
      case 'dial': state.overlay = 'dial'; state.dial = { number: d.number, label: d.label }; restore(); break;
      case 'close': state.overlay = null; state.dial = null; restore(); break;
      case 'a11y': state.overlay = 'a11y'; restore(); break;
      case 'elder': settings.size = settings.size === 'standard' ? 'large' : 'standard'; restore(); break;
      case 'set': set(d.setting, d.value); break;
      case 'speak': audio || pendingSpeech ? stopSpeaking() : speak(); break;
      default: reportAct(d); break;
    }
  }

  function set(name, value) {
    const languageChanged = name === 'lang' && settings.lang !== value;
    settings[name] = value;
    if (name === 'pinyin' && value === '0') { render(lastHtml); return; }
    if (languageChanged) { refresh(0); return; }
    restore();
  }

  // ---- residents' reports (我要反映) and 查询进度 ---------------------------------------------------------
  // One question per step; every choice is a button the renderer wrote. The form lives in memory only and is
  // emptied when the resident leaves the two screens, when the board goes idle, and (the phone) once sent.
  const reportSteps = ['category', 'building', 'unit', 'phrases', 'phone', 'confirm', 'done'];
  const report = { step: 'category', category: null, building: null, unit: null, phrases: [], phone: '', result: null,
    reference: '', refusal: '', error: '', phoneError: false, busy: false, generation: 0, qr: null };
  const lookup = { digits: '', status: null, message: '', rateMessage: '', busy: false };

  function resetReport() {
    report.generation++;
    Object.assign(report, { step: 'category', category: null, building: null, unit: null, phrases: [], phone: '', result: null,
      reference: '', refusal: '', error: '', phoneError: false, busy: false });
    Object.assign(lookup, { digits: '', status: null, message: '', rateMessage: '', busy: false });
  }

  function leaveReport(screen) {
    const inReport = s => s === 'report' || s === 'report-lookup';
    if (inReport(state.screen) && !inReport(screen)) resetReport();
    if (screen === 'report' && report.step === 'done') resetReport();
  }

  const unitsOf = building => { const b = building && $(`[data-action="report-building"][data-report-building="${CSS.escape(building)}"]`); return b ? Number(b.dataset.units) : 0; };
  // A choice's words without the pinyin readings the page may have put above them.
  const labelOf = (selector) => {
    const b = $(selector);
    if (!b) return '';
    const clone = b.cloneNode(true);
    clone.querySelectorAll('rt').forEach(rt => rt.remove());
    return clone.textContent;
  };

  function restoreReport() {
    const screen = $('[data-screen="report"]');
    if (screen) {
      $$('[data-report-step]', screen).forEach(s => { s.hidden = s.dataset.reportStep !== report.step; });
      $$('[data-action="report-category"]', screen).forEach(b => b.classList.toggle('selected', b.dataset.category === report.category));
      $$('[data-action="report-building"]', screen).forEach(b => b.classList.toggle('selected', b.dataset.reportBuilding === report.building));
      $$('[data-units-for]', screen).forEach(u => { u.hidden = u.dataset.unitsFor !== report.building; });
      $$('[data-action="report-unit"]', screen).forEach(b => b.classList.toggle('selected', b.closest('[data-units-for]').dataset.unitsFor === report.building && (b.dataset.unit || null) === report.unit));
      $$('[data-phrases-for]', screen).forEach(p => { p.hidden = p.dataset.phrasesFor !== report.category; });
      $$('[data-action="report-phrase"]', screen).forEach(b => {
        const on = report.phrases.includes(b.dataset.phrase);
        b.classList.toggle('selected', on); b.setAttribute('aria-pressed', on ? 'true' : 'false');
      });
      const phone = $('.report-phone-display', screen); if (phone) phone.textContent = report.phone;
      const phoneError = $('.report-phone-error', screen); if (phoneError) phoneError.hidden = !report.phoneError;
      const summary = {
        category: report.category && labelOf(`[data-action="report-category"][data-category="${CSS.escape(report.category)}"]`),
        building: report.building && labelOf(`[data-action="report-building"][data-report-building="${CSS.escape(report.building)}"]`),
        unit: report.unit && report.building && labelOf(`[data-units-for="${CSS.escape(report.building)}"] [data-unit="${CSS.escape(report.unit)}"]`),
        phrases: report.category && report.phrases.map(id => labelOf(`[data-phrases-for="${CSS.escape(report.category)}"] [data-phrase="${CSS.escape(id)}"]`)).join('、'),
        phone: report.phone,
      };
      $$('[data-summary]', screen).forEach(d => { d.textContent = summary[d.dataset.summary] || d.dataset.none; });
      const submitError = $('.report-submit-error', screen);
      if (submitError) { submitError.textContent = report.error; submitError.hidden = !report.error; }
      $$('[data-action="report-submit"]', screen).forEach(b => { b.disabled = report.busy; });
      $$('[data-report-result]', screen).forEach(r => { r.hidden = r.dataset.reportResult !== report.result; });
      const reference = $('.report-reference', screen); if (reference) reference.textContent = report.reference;
      const refusal = $('.report-refusal', screen); if (refusal) refusal.textContent = report.refusal;
      showReportQr(screen);
    }
    const look = $('[data-screen="report-lookup"]');
    if (look) {
      const d = lookup.digits;
      $('.lookup-display', look).textContent = 'R' + (d.length <= 8 ? d : d.slice(0, 8) + '-' + d.slice(8));
      $$('[data-action="lookup-submit"]', look).forEach(b => { b.disabled = lookup.busy; });
      const message = $('.lookup-message', look); message.textContent = lookup.message; message.hidden = !lookup.message;
      const status = $('.lookup-status', look); status.hidden = !lookup.status;
      $$('[data-lookup-field]', look).forEach(dd => {
        const value = lookup.status && lookup.status[dd.dataset.lookupField];
        dd.textContent = value || '';
        dd.closest('[data-lookup-row]').hidden = !value;
      });
      $('.lookup-rating', look).hidden = !(lookup.status && lookup.status.mayRate);
      const rated = $('.lookup-rate-message', look); rated.textContent = lookup.rateMessage; rated.hidden = !lookup.rateMessage;
    }
  }

  // The QR code to the phone page shows only once the host knows the controller's public address (/qr/report is 404 till then).
  function showReportQr(screen) {
    const figure = $('.report-qr', screen);
    if (!figure) return;
    const image = $('img', figure);
    if (report.qr === 'ok') { image.src = image.dataset.src; figure.hidden = false; return; }
    figure.hidden = true;
    if (report.qr === 'loading' || config.preview || state.screen !== 'report' || Date.now() - (report.qrCheckedAt || 0) < 30000) return;
    report.qr = 'loading';
    const probe = new Image();
    probe.onload = () => { report.qr = 'ok'; restore(); };
    probe.onerror = () => { report.qr = null; report.qrCheckedAt = Date.now(); };
    probe.src = image.dataset.src + '?t=' + Date.now();
  }

  function reportStep(step) { report.step = step; report.error = ''; report.phoneError = false; restore(); }

  function reportBack() {
    const previous = { building: 'category', unit: 'building', phrases: unitsOf(report.building) > 0 ? 'unit' : 'building', phone: 'phrases', confirm: 'phone' };
    reportStep(previous[report.step] || 'category');
  }

  function reportAct(d) {
    switch (d.action) {
      case 'report-category':
        if (report.category !== d.category) report.phrases = [];
        report.category = d.category; reportStep('building'); break;
      case 'report-building':
        if (report.building !== d.reportBuilding) report.unit = null;
        report.building = d.reportBuilding; reportStep(unitsOf(d.reportBuilding) > 0 ? 'unit' : 'phrases'); break;
      case 'report-unit': report.unit = d.unit || null; reportStep('phrases'); break;
      case 'report-phrase': {
        const i = report.phrases.indexOf(d.phrase);
        if (i >= 0) report.phrases.splice(i, 1); else if (report.phrases.length < 5) report.phrases.push(d.phrase);
        restore(); break;
      }
      case 'report-key':
        report.phone = padKey(report.phone, d.key, 15); report.phoneError = false; restore(); break;
      case 'report-skip-phone': report.phone = ''; reportStep('confirm'); break;
      case 'report-next':
        if (report.step === 'phrases') reportStep('phone');
        else if (report.step === 'phone') {
          if (report.phone && report.phone.length < 7) { report.phoneError = true; restore(); } else reportStep('confirm');
        }
        break;
      case 'report-back': reportBack(); break;
      case 'report-submit': submitReport(); break;
      case 'report-restart': resetReport(); restore(); break;
      case 'lookup-key': lookup.digits = padKey(lookup.digits, d.key, 18); lookup.message = ''; restore(); break;
      case 'lookup-submit': lookUp(); break;
      case 'lookup-rate': rate(d.rating); break;
    }
  }

  function padKey(value, key, max) {
    if (key === 'clear') return '';
    if (key === 'delete') return value.slice(0, -1);
    return value.length < max ? value + key : value;
  }

  async function submitReport() {
    if (report.busy || !report.category || !report.building) return;
    report.busy = true; report.error = ''; restore();
    const generation = report.generation;
    try {
      const response = await fetch('/reports', {
        method: 'POST', headers: withToken({ 'content-type': 'application/json' }),
        body: JSON.stringify({ category: report.category, buildingId: report.building, unitId: report.unit, phrases: report.phrases, phone: report.phone || null }),
      });
      const answer = await response.json().catch(() => ({}));
      if (generation !== report.generation) return;
      report.busy = false;
      if (!response.ok) { report.error = answer.error || '提交失败，请稍后再试'; restore(); return; }
      // Sent to the host: the number leaves the page now.
      report.phone = ''; report.result = 'sending'; report.step = 'done'; restore();
      awaitReference(answer.key, generation, Date.now());
    } catch (e) {
      if (generation !== report.generation) return;
      report.busy = false; report.error = '提交失败，请稍后再试'; restore();
    }
  }

  // A few seconds for the host to deliver it; the reference is shown if it comes, else "saved, will be sent".
  async function awaitReference(key, generation, started) {
    let entry = null;
    try {
      const response = await fetch('/reports/' + encodeURIComponent(key), { headers: withToken(), cache: 'no-store' });
      if (response.ok) entry = await response.json();
    } catch (e) { /* the host restarts itself; try again */ }
    if (generation !== report.generation) return;
    if (entry && entry.state === 'delivered' && entry.reference) { report.result = 'delivered'; report.reference = entry.reference; restore(); return; }
    if (entry && entry.state === 'refused') { report.result = 'refused'; report.refusal = entry.refusal || ''; restore(); return; }
    if (Date.now() - started >= (config.reportWaitSeconds || 6) * 1000) { report.result = 'pending'; restore(); return; }
    setTimeout(() => awaitReference(key, generation, started), 700);
  }

  async function lookUp() {
    if (lookup.busy) return;
    if (lookup.digits.length < 12) { lookup.status = null; lookup.message = '请输入完整的编号：8 位日期加 4 位以上序号'; restore(); return; }
    lookup.busy = true; lookup.status = null; lookup.rateMessage = ''; lookup.message = '正在查询……'; restore();
    const generation = report.generation;
    try {
      const response = await fetch('/reports/lookup?reference=' + encodeURIComponent(lookup.digits), { headers: withToken(), cache: 'no-store' });
      const answer = await response.json().catch(() => ({}));
      if (generation !== report.generation) return;
      if (response.ok) { lookup.status = answer; lookup.message = ''; } else { lookup.message = answer.error || '暂时无法查询，请稍后再试'; }
    } catch (e) {
      if (generation !== report.generation) return;
      lookup.message = '网络未连接，暂时无法查询，请稍后再试';
    }
    lookup.busy = false; restore();
  }

  async function rate(rating) {
    if (lookup.busy || !lookup.status) return;
    lookup.busy = true; restore();
    const generation = report.generation;
    try {
      const response = await fetch('/reports/rate', {
        method: 'POST', headers: withToken({ 'content-type': 'application/json' }),
        body: JSON.stringify({ reference: lookup.status.reference, rating }),
      });
      const answer = await response.json().catch(() => ({}));
      if (generation !== report.generation) return;
      if (response.ok) { lookup.status = answer; lookup.rateMessage = '谢谢您的评价'; } else { lookup.rateMessage = answer.error || '暂时无法评价，请稍后再试'; }
    } catch (e) {
      if (generation !== report.generation) return;
      lookup.rateMessage = '网络未连接，暂时无法评价，请稍后再试';
    }
    lookup.busy = false; restore();
  }

  // ---- idle return and attract loop ---------------------------------------------------------------
  function resetToDefaults() {
    const languageChanged = settings.lang !== defaults.lang;
    const pinyinWasOn = settings.pinyin === '1';
    Object.assign(settings, defaults);
    state.overlay = null; state.dial = null; state.building = null; state.notice = null; state.tabs = {}; state.pages = {};
    resetReport();
    stopSpeaking();
    if (languageChanged) refresh(0); else if (pinyinWasOn) render(lastHtml);
  }

  function startAttract() {
    resetToDefaults();
    root.dataset.attract = '1';
    const loop = ['home'].concat(panels);
    let i = 0;
    show('home');
    attractTimer = setInterval(() => { i = (i + 1) % loop.length; state.screen = loop[i]; restore(); }, config.attractSeconds * 1000);
  }

  function stopAttract() {
    if (attractTimer) clearInterval(attractTimer);
    attractTimer = null;
    delete root.dataset.attract;
  }

  setInterval(() => {
    if (!config.preview && !attractTimer && !root.dataset.broadcast && Date.now() - lastTouch > config.idleSeconds * 1000) startAttract();
  }, 250);

  document.addEventListener('pointerdown', e => {
    lastTouch = Date.now();
    if (e.target.closest && e.target.closest('.screen-off')) {
      // The touch that wakes a screen switched off by its hours only wakes it; it presses nothing on the board.
      stopAttract();
      swallowClick = true;
      e.preventDefault();
      wakeScreen();
      return;
    }
    const speakButton = e.target.closest && e.target.closest('[data-action="speak"]');
    if ((audio || pendingSpeech) && !speakButton) stopSpeaking();
    if (attractTimer) {
      // The touch that ends the attract loop only ends it; it does not also press what was under it.
      stopAttract();
      show('home');
      swallowClick = true;
      e.preventDefault();
    }
  }, true);
  document.addEventListener('click', e => {
    if (swallowClick) { swallowClick = false; e.preventDefault(); e.stopPropagation(); return; }
    const button = e.target.closest && e.target.closest('[data-action]');
    if (button && host.contains(button)) act(button);
  }, true);
  document.addEventListener('contextmenu', e => e.preventDefault());
  document.addEventListener('selectstart', e => e.preventDefault());
  document.addEventListener('dblclick', e => e.preventDefault());
  document.addEventListener('gesturestart', e => e.preventDefault());
  document.addEventListener('wheel', e => { if (e.ctrlKey) e.preventDefault(); }, { passive: false });
  document.addEventListener('touchmove', e => { if (e.touches.length > 1) e.preventDefault(); }, { passive: false });

  // ---- screen hours: a touch on the black page wakes the board for a while ------------------------
  function wakeScreen() {
    fetch('/screen/wake', { method: 'POST', headers: withToken() }).then(() => refresh(0), () => {});
  }

  // ---- read aloud -----------------------------------------------------------------------------------
  function visibleText() {
    const screen = $(`[data-screen="${state.screen}"]`);
    const parts = [];
    const walk = node => {
      if (node.nodeType === Node.TEXT_NODE) { parts.push(node.textContent); return; }
      if (node.nodeType !== Node.ELEMENT_NODE || node.hidden || node.classList.contains('off-page') || node.tagName === 'RT') return;
      if (node.matches('button.home-button, button.back-button, .pager, .tabs')) return;
      node.childNodes.forEach(walk);
      if (/^(DIV|P|LI|H[1-6]|SECTION|ARTICLE|BUTTON)$/.test(node.tagName)) parts.push('。');
    };
    if (screen) walk(screen);
    if (state.screen === 'home') { const side = $('.zone-side'); if (side) walk(side); }
    return parts.join('').replace(/\s+/g, ' ').replace(/(。\s*)+/g, '。').slice(0, config.speechMaxCharacters);
  }

  function markSpeaking(on) {
    $$('[data-action="speak"]').forEach(b => {
      if (!b.dataset.startLabel) b.dataset.startLabel = b.textContent;
      b.textContent = on ? b.dataset.stopLabel : b.dataset.startLabel;
      b.classList.toggle('active', on);
    });
  }

  let pendingSpeech = null;
  async function speak(given) {
    const text = typeof given === 'string' ? given : visibleText();
    if (!text.trim() || config.preview) return;
    stopSpeaking();
    const request = new AbortController();
    pendingSpeech = request;
    markSpeaking(true);
    try {
      const response = await fetch('/speech', {
        method: 'POST', headers: withToken({ 'content-type': 'application/json' }), signal: request.signal,
        body: JSON.stringify({ text, rate: Number(settings.rate), volume: Number(settings.volume) }),
      });
      if (!response.ok) { throw new Error('speech ' + response.status); }
      const blob = await response.blob();
      if (pendingSpeech !== request) return;          // stopped while the audio was being made
      pendingSpeech = null;
      const url = URL.createObjectURL(blob);
      audio = new Audio(url);
      audio.onended = () => { URL.revokeObjectURL(url); audio = null; markSpeaking(false); };
      await audio.play();
    } catch (e) {
      if (pendingSpeech === request) pendingSpeech = null;
      audio = null;
      markSpeaking(false);
    }
  }

  function stopSpeaking() {
    if (pendingSpeech) { pendingSpeech.abort(); pendingSpeech = null; }
    if (audio) { audio.pause(); audio = null; }
    markSpeaking(false);
  }

  // ---- pinyin ----------------------------------------------------------------------------------------
  let pinyinLoading = null;
  function loadPinyin() {
    if (window.pinyinPro) return Promise.resolve();
    if (!pinyinLoading) {
      pinyinLoading = new Promise((resolve, reject) => {
        const script = document.createElement('script');
        script.src = '/assets/pinyin-pro.js';
        script.onload = resolve; script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return pinyinLoading;
  }

  const han = /[\u3400-\u9fff]/;
  async function addPinyin() {
    await loadPinyin();
    if (settings.pinyin !== '1') return;
    const walker = document.createTreeWalker(host, NodeFilter.SHOW_TEXT, {
      acceptNode: node => {
        const parent = node.parentElement;
        if (!parent || !han.test(node.textContent)) return NodeFilter.FILTER_REJECT;
        if (parent.closest('ruby, script, style, .clock, .page-count, .tile-glyph, .party-badge, [data-no-pinyin]')) return NodeFilter.FILTER_REJECT;
        return NodeFilter.FILTER_ACCEPT;
      },
    });
    const nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(node => {
      const fragment = document.createDocumentFragment();
      // Each run of Han characters goes to pinyin-pro whole, so words pick the right reading (银行 háng, 行走 xíng).
      for (const run of node.textContent.match(/[\u3400-\u9fff]+|[^\u3400-\u9fff]+/g) || []) {
        if (!han.test(run)) { fragment.append(run); continue; }
        const readings = window.pinyinPro.pinyin(run, { type: 'array', toneType: 'symbol' });
        Array.from(run).forEach((ch, i) => {
          const ruby = document.createElement('ruby');
          const rt = document.createElement('rt');
          rt.textContent = readings[i] || '';
          ruby.append(ch, rt);
          fragment.append(ruby);
        });
      }
      node.replaceWith(fragment);
    });
    layoutPagers();
  }

  // ---- ticker and clock --------------------------------------------------------------------------
  function showTicker() {
    const items = $$('.ticker-item');
    if (items.length === 0) return;
    tickerIndex %= items.length;
    items.forEach((item, i) => item.classList.toggle('current', i === tickerIndex));
  }
  setInterval(() => { tickerIndex++; showTicker(); }, config.tickerSeconds * 1000);

  function tick() {
    const today = $('.today');
    const clock = $('.clock');
    if (!today || !clock) return;
    const offset = Number(today.dataset.utcOffsetMinutes || 480);
    const now = new Date(Date.now() + clockSkew + offset * 60000);
    clock.textContent = String(now.getUTCHours()).padStart(2, '0') + ':' + String(now.getUTCMinutes()).padStart(2, '0');
  }
  setInterval(tick, 1000);

  window.addEventListener('resize', () => layoutPagers());

  // ---- proof of display ------------------------------------------------------------------------------
  // Tells the kiosk host which notices are on screen (rendered, in view, not covered by an overlay): at once when
  // that changes and every 10 s while it stays. The host counts time only while reports keep coming, so a closed,
  // crashed or frozen page stops counting by itself. A preview or a screenshot (?proof=off) reports nothing.
  const displayPage = window.crypto && crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2);
  let displayReported = null;
  let displayReportedAt = 0;

  function visibleNotices() {
    if (document.visibilityState !== 'visible') return [];
    const ids = new Set();
    $$('[data-notice-id]').forEach(el => {
      const box = el.getBoundingClientRect();
      if (box.width < 1 || box.height < 1) return;
      const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      if (hit && el.contains(hit)) ids.add(el.dataset.noticeId);
    });
    return Array.from(ids).sort();
  }

  function sendDisplay(notices) {
    fetch('/display', {
      method: 'PUT', headers: withToken({ 'content-type': 'application/json' }), keepalive: true,
      body: JSON.stringify({ page: displayPage, notices }),
    }).catch(() => { /* the host restarts itself; the next report says it again */ });
  }

  function reportDisplay() {
    const notices = visibleNotices();
    const key = notices.join(' ');
    if (key === displayReported && Date.now() - displayReportedAt < 10000) return;
    displayReported = key;
    displayReportedAt = Date.now();
    sendDisplay(notices);
  }

  if (!config.preview && new URLSearchParams(location.search).get('proof') !== 'off') {
    setInterval(reportDisplay, 1000);
    setTimeout(reportDisplay, 0);   // the first report as soon as the first board is in place
    window.addEventListener('pagehide', () => sendDisplay([]));
  }

  // ---- live updates --------------------------------------------------------------------------------
  if (!config.preview) {
    const events = new EventSource('/events');
    events.addEventListener('changed', e => refresh(Number(String(e.data).split(' ')[1]) || 0));
    events.addEventListener('open', () => refresh(0));
  }

  lastHtml = host.innerHTML;
  restore();
  // For tests and the fleet's diagnostics: what the board is showing, never a way to change it.
  window.signageBoard = { state, settings, stats, visibleText, visibleNotices, report, lookup };
})();
