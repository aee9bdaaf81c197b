using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Playwright;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Bench;

/// <summary>
/// One controller (in-process, real Kestrel) and one real kiosk process with the demo community: bytes on the wire
/// per edit, publish → on the board in Chromium, tap → painted, schedule boundary → painted. Returns its section of docs/benchmarks.md.
/// </summary>
public static class BoardBenchmark
{
    public static async Task<string> RunAsync(int iterations)
    {
        var report = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;

        await using var controller = ControllerHost.Start("bench", demo: true);
        using var admin = await controller.AdminAsync();
        await using var kiosk = await KioskProcess.StartAsync("bench", controller.Url, controller.DemoKioskCredential("kiosk-lobby"),
            new() { ["Kiosk:HeartbeatInterval"] = "01:00:00", ["Kiosk:IdleSeconds"] = "36000", ["Logging:LogLevel:Default"] = "Warning" });
        var first = await kiosk.WaitForSeqAsync(await admin.HeadAsync());
        var firstSync = first["bytesReceived"]!.GetValue<long>();

        async Task<long> BytesFor(Func<Task<long>> edit)
        {
            await Task.Delay(200);
            var before = (await kiosk.HealthAsync())["bytesReceived"]!.GetValue<long>();
            var seq = await edit();
            var after = (await kiosk.WaitForSeqAsync(seq))["bytesReceived"]!.GetValue<long>();
            return after - before;
        }

        var hotline = await BytesFor(() => admin.EditDemoHotlineAsync("0536-8123999"));
        var notice = await BytesFor(() => admin.PublishAsync("notices", new
        {
            id = "n-bench", title = "本周六上午楼道大扫除", body = "请各楼栋居民清理楼道杂物，志愿者八点在驿站集合。", priority = "normal",
            target = new { placeId = "compound-dangui" },
        }));
        var rosterEntry = await BytesFor(() => admin.PublishAsync("roster", new
        {
            id = "r-bench", personId = "p-zhang-guilan", role = "volunteer", buildingId = "b1", target = new { placeId = "compound-dangui" },
        }));

        // Publish → visible on the board in Chromium, through the API, the change log, SignalR, the cache and SSE.
        var (playwright, browser) = await Browser.LaunchAsync();
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 }, HasTouch = true });
        await page.GotoAsync(kiosk.Url);
        await page.WaitForFunctionAsync("() => window.signageBoard !== undefined");
        var memoryBefore = (await kiosk.HealthAsync())["memoryBytes"]!.GetValue<long>();
        await page.Locator(".tile-notices").ClickAsync();
        var latencies = new List<double>();
        for (var i = 0; i < iterations; i++)
        {
            var id = $"n-latency-{i}";
            var watch = Stopwatch.StartNew();
            await admin.PublishAsync("notices", new { id, title = $"测量通知{i}", priority = "urgent", target = new { placeId = "compound-dangui" } });
            await page.WaitForSelectorAsync($".notice-list [data-notice-id='{id}']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 10_000 });
            latencies.Add(watch.Elapsed.TotalMilliseconds);
            await admin.DeleteAsync($"/api/notices/{id}");
        }
        // Applied on the kiosk → painted: the page measures it from the time the host put in its change event.
        await page.WaitForTimeoutAsync(500);
        var updates = (await page.EvaluateAsync<double[]>("() => signageBoard.stats.updateMs")).ToList();

        // Schedule boundary → the board changed and painted: a notice ends at a whole second; nothing is sent then, the
        // kiosk's own timer re-renders. The page and the kiosk read the same system clock (no correction under 2 s).
        var boundaryLags = new List<double>();
        for (var i = 0; i < Math.Min(iterations, 30); i++)
        {
            var id = $"n-boundary-{i}";
            var boundary = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddSeconds(2.5).ToUnixTimeSeconds());
            await admin.PublishAsync("notices", new { id, title = $"到点下线{i}", priority = "normal", validTo = boundary, target = new { placeId = "compound-dangui" } });
            await page.WaitForSelectorAsync($".notice-list [data-notice-id='{id}']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 10_000 });
            boundaryLags.Add(await page.EvaluateAsync<double>("""
                ([id, boundaryMs]) => new Promise(resolve => {
                  const gone = () => {
                    if (document.querySelector(`[data-notice-id='${id}']`)) return false;
                    requestAnimationFrame(() => requestAnimationFrame(() => resolve(Date.now() - boundaryMs)));
                    return true;
                  };
                  if (gone()) return;
                  const observer = new MutationObserver(() => { if (gone()) observer.disconnect(); });
                  observer.observe(document.body, { subtree: true, childList: true });
                })
                """, new object[] { id, boundary.ToUnixTimeMilliseconds() }));
            await admin.DeleteAsync($"/api/notices/{id}");
        }

        // Tap → the new screen painted, with real touch input: from the pointerdown's timestamp to two frames after the screen shows.
        await page.Locator("[data-screen=notices] [data-action=home]").ClickAsync();
        await page.EvaluateAsync("""
            () => {
              window.tapMs = []; let start = 0; let current = 'home';
              document.addEventListener('pointerdown', e => { start = e.timeStamp; }, true);
              new MutationObserver(() => {
                const shown = document.querySelector('#board .screen:not([hidden])');
                if (shown && shown.dataset.screen !== current) {
                  current = shown.dataset.screen; const from = start;
                  requestAnimationFrame(() => requestAnimationFrame(() => window.tapMs.push(performance.now() - from)));
                }
              }).observe(document.getElementById('board'), { subtree: true, attributes: true, attributeFilter: ['hidden'] });
            }
            """);
        var panelsToTap = new[] { "roster", "activities", "duty", "notices", "supplies" };
        for (var i = 0; i < iterations; i++)
        {
            var before = await page.EvaluateAsync<int>("() => tapMs.length");
            var tile = await page.Locator($".tile-{panelsToTap[i % panelsToTap.Length]}").BoundingBoxAsync();
            await page.Touchscreen.TapAsync(tile!.X + tile.Width / 2, tile.Y + tile.Height / 2);
            await page.WaitForFunctionAsync($"() => tapMs.length > {before}");
            var home = await page.Locator("[data-screen]:not([hidden]) [data-action=home]").BoundingBoxAsync();
            await page.Touchscreen.TapAsync(home!.X + home.Width / 2, home.Y + home.Height / 2);
            await page.WaitForFunctionAsync($"() => tapMs.length > {before + 1}");
        }
        var taps = (await page.EvaluateAsync<double[]>("() => tapMs")).ToList();
        var memoryAfter = (await kiosk.HealthAsync())["memoryBytes"]!.GetValue<long>();
        await browser.DisposeAsync();
        playwright.Dispose();

        report.AppendLine("## The board: one controller, one kiosk, Chromium");
        report.AppendLine();
        report.AppendLine("Reproduce with:");
        report.AppendLine();
        report.AppendLine("```");
        report.AppendLine("dotnet build SignageKiosk.sln -c Release && dotnet run -c Release --project tests/SignageKiosk.Bench -- --board");
        report.AppendLine("```");
        report.AppendLine();
        report.AppendLine(BenchMachine.Describe());
        report.AppendLine("Setup: one controller (in-process, real Kestrel on 127.0.0.1, SQLite) and one kiosk process (SQLite cache) with the demo community.");
        report.AppendLine();
        report.AppendLine("### Bytes on the wire (controller → kiosk, WebSocket payload counted by the kiosk)");
        report.AppendLine();
        report.AppendLine("| what | bytes |");
        report.AppendLine("| --- | ---: |");
        report.AppendLine(string.Create(culture, $"| first sync of the whole demo community (snapshot, {first["items"]} records) | {firstSync} |"));
        report.AppendLine(string.Create(culture, $"| edit one hotline (the 24-hour property number) | {hotline} |"));
        report.AppendLine(string.Create(culture, $"| publish one notice | {notice} |"));
        report.AppendLine(string.Create(culture, $"| add one roster entry | {rosterEntry} |"));
        report.AppendLine();
        report.AppendLine("An edit travels as the one changed record (plus the hub's framing), not as the content set.");
        report.AppendLine();
        report.AppendLine(string.Create(culture, $"### Publish → on the board in Chromium ({latencies.Count} notices, one at a time)"));
        report.AppendLine();
        report.AppendLine("From sending `POST /api/notices` to the notice's element existing in the open board page (Playwright, headless Debian Chromium).");
        report.AppendLine();
        report.AppendLine("| median | p99 | max |");
        report.AppendLine("| ---: | ---: | ---: |");
        report.AppendLine(string.Create(culture, $"| {Percentile(latencies, 0.5):F1} ms | {Percentile(latencies, 0.99):F1} ms | {latencies.Max():F1} ms |"));
        report.AppendLine();
        report.AppendLine("### The board in Chromium");
        report.AppendLine();
        report.AppendLine("| what | runs | median | p99 | max |");
        report.AppendLine("| --- | ---: | ---: | ---: | ---: |");
        report.AppendLine(string.Create(culture, $"| tap (real touch input) → the new screen painted (two frames after it shows) | {taps.Count} | {Percentile(taps, 0.5):F1} ms | {Percentile(taps, 0.99):F1} ms | {taps.Max():F1} ms |"));
        report.AppendLine(string.Create(culture, $"| change applied in the kiosk's cache → the open notices panel updated and painted | {updates.Count} | {Percentile(updates, 0.5):F1} ms | {Percentile(updates, 0.99):F1} ms | {updates.Max():F1} ms |"));
        report.AppendLine(string.Create(culture, $"| a notice's end time → gone from the open panel and painted (the kiosk's own boundary timer; nothing is sent) | {boundaryLags.Count} | {Percentile(boundaryLags, 0.5):F1} ms | {Percentile(boundaryLags, 0.99):F1} ms | {boundaryLags.Max():F1} ms |"));
        report.AppendLine();
        report.AppendLine(string.Create(culture, $"Kiosk host memory (working set): {memoryBefore / 1024.0 / 1024:F1} MB before these runs, {memoryAfter / 1024.0 / 1024:F1} MB after {iterations * 2} changes and {taps.Count} taps."));
        return report.ToString();
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }
}
