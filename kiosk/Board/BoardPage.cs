namespace SignageKiosk.Kiosk.Board;

/// <summary>
/// The page Chromium shows. It asks the kiosk host for the rendered board and swaps it in whenever the
/// host says something changed (Server-Sent Events), fetching first and swapping in one step so the
/// screen never goes blank. The first board is rendered into the page itself: no empty first frame.
/// </summary>
public static class BoardPage
{
    public static string Html(string body) =>
        $$"""
        <!doctype html>
        <html lang="zh-CN" translate="no">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1, user-scalable=no">
        <meta name="google" content="notranslate">
        <title>社区公告屏</title>
        <style>{{Css}}</style>
        </head>
        <body>
        <div id="board">{{body}}</div>
        <script>{{Script}}</script>
        </body>
        </html>
        """;

    private const string Css =
        """
        :root { --red: #b71c1c; --ink: #1a1a1a; --paper: #fffaf2; --line: #e6d9c3; --muted: #5d5148; }
        * { box-sizing: border-box; }
        html, body { margin: 0; height: 100%; background: var(--paper); color: var(--ink);
          font-family: "Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei", "Source Han Sans SC", sans-serif;
          font-size: 28px; line-height: 1.4; overflow: hidden; user-select: none; -webkit-user-select: none; }
        .bar { display: flex; justify-content: space-between; align-items: center; padding: 18px 32px;
          background: var(--red); color: #fff; }
        .bar h1 { margin: 0; font-size: 44px; letter-spacing: 2px; }
        .today { font-size: 34px; } .today .clock { font-weight: 700; font-variant-numeric: tabular-nums; margin-left: 12px; }
        .grid { display: grid; height: calc(100vh - 100px); gap: 16px; padding: 16px 24px;
          grid-template-columns: 1.3fr 1fr 1fr; grid-template-rows: 1fr 1fr 1.2fr;
          grid-template-areas: "notices duty hotlines" "notices activities hotlines" "roster roster supplies"; }
        .notices { grid-area: notices; } .duty { grid-area: duty; } .hotlines { grid-area: hotlines; }
        .activities { grid-area: activities; } .roster { grid-area: roster; } .supplies { grid-area: supplies; }
        .panel { background: #fff; border: 2px solid var(--line); border-radius: 14px; padding: 14px 20px; overflow: hidden; }
        .panel h2 { margin: 0 0 10px; font-size: 34px; color: var(--red); border-bottom: 3px solid var(--red); padding-bottom: 6px; }
        .panel ul { list-style: none; margin: 0; padding: 0; }
        .panel li { padding: 8px 0; border-bottom: 1px dashed var(--line); }
        .notice h3 { margin: 0; font-size: 32px; } .notice p { margin: 4px 0 0; color: var(--muted); white-space: pre-line;
          display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical; overflow: hidden; }
        .notice.urgent { background: #fdecea; border-left: 8px solid var(--red); padding-left: 12px; }
        .tag { display: inline-block; background: var(--red); color: #fff; border-radius: 6px; padding: 0 10px; font-size: 26px; margin-right: 8px; }
        .notice.pinned .tag { background: #e65100; }
        .shift strong, .hotline .name { font-weight: 700; } .shift .role { color: var(--muted); }
        .shift .when, .shift .where, .activity .room, .hotline .hours { display: block; font-size: 28px; color: var(--muted); }
        .hotline .number { float: right; font-weight: 700; color: var(--red); font-variant-numeric: tabular-nums; }
        .activity .when { display: inline-block; min-width: 250px; color: var(--muted); } .activity.now { background: #fff3cd; }
        .buildings { display: grid; grid-template-columns: repeat(3, 1fr); gap: 10px; }
        .building h3 { margin: 0; font-size: 30px; } .building small { font-size: 28px; color: var(--red); margin-left: 10px; }
        .building li { font-size: 28px; padding: 2px 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
        .unit { color: var(--muted); margin-right: 6px; } .role { color: var(--muted); }
        .party-badge { display: inline-flex; align-items: center; justify-content: center; width: 34px; height: 34px;
          border-radius: 50%; background: var(--red); color: #ffd54f; font-size: 22px; font-weight: 700; margin-right: 6px; vertical-align: middle; }
        .supplies table { width: 100%; border-collapse: collapse; font-size: 28px; } .supplies td { padding: 4px 6px; border-bottom: 1px dashed var(--line); }
        .empty { color: var(--muted); }
        """;

    private const string Script =
        """
        (() => {
          const board = document.getElementById('board');
          let last = board.innerHTML, busy = false, again = false;
          async function refresh() {
            if (busy) { again = true; return; }
            busy = true;
            try {
              const response = await fetch('/board', { cache: 'no-store' });
              if (response.ok) {
                const html = await response.text();
                if (html !== last) { board.innerHTML = html; last = html; tick(); }
              }
            } catch (e) { /* the host restarts with the kiosk; the next event retries */ }
            finally { busy = false; if (again) { again = false; refresh(); } }
          }
          function tick() {
            const today = board.querySelector('.today');
            const clock = board.querySelector('.clock');
            if (!today || !clock) return;
            const offset = Number(today.dataset.utcOffsetMinutes || 480);
            const now = new Date(Date.now() + offset * 60000);
            clock.textContent = String(now.getUTCHours()).padStart(2, '0') + ':' + String(now.getUTCMinutes()).padStart(2, '0');
          }
          const events = new EventSource('/events');
          events.addEventListener('changed', refresh);
          events.addEventListener('open', refresh);
          setInterval(tick, 1000);
          tick();
          document.addEventListener('contextmenu', e => e.preventDefault());
        })();
        """;
}
