using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Playwright;
using SignageKiosk.Simulator.Controller;
using SignageKiosk.Simulator.Fleet;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Bench;

/// <summary>
/// The staff pages and list endpoints at city scale (issue 16): the simulator's 10,000-kiosk city registered through the
/// admin API, then every staff page fetched by a signed-in client (size, time to the last byte) and loaded in Chromium
/// (time to the load event), and every list endpoint called with a bearer token. With a "before" controller build the
/// same city is measured on both builds in one run, one after the other, on the same machine.
/// </summary>
public static class StaffPagesBenchmark
{
    public sealed record Settings
    {
        public int Kiosks { get; init; } = 10_000;
        public int Runs { get; init; } = 3;
        /// <summary>An older controller build (its SignageKiosk.Controller.dll) to measure first, as "before".</summary>
        public string? BeforeDll { get; init; }
        public string? BeforeLabel { get; init; }
    }

    private sealed record Measured(string Path, long Bytes, double ServerMs, double? ChromiumMs, int Status);

    public static readonly string[] Pages =
    [
        "/admin", "/admin/places", "/admin/fleet", "/admin/notices", "/admin/notices/edit", "/admin/activities", "/admin/hotlines",
        "/admin/duty", "/admin/roster", "/admin/supplies", "/admin/holidays", "/admin/wishes", "/admin/broadcasts", "/admin/reports",
        "/admin/review", "/admin/import", "/admin/preview", "/admin/proof", "/admin/users", "/admin/audit",
    ];

    public static readonly string[] Endpoints =
    [
        "/api/fleet", "/api/fleet/summary", "/api/places", "/api/stations", "/api/kiosks", "/api/notices", "/api/hotlines", "/api/people",
        "/api/audit", "/api/users", "/api/submissions", "/api/reports",
    ];

    public static async Task<string> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        var builds = new List<(string Label, string Dll)>();
        if (settings.BeforeDll is { } before)
        {
            builds.Add((settings.BeforeLabel ?? "before", before));
        }
        builds.Add(("after", RepoPaths.ControllerDll));
        var results = new List<(string Label, List<Measured> Pages, List<Measured> Api, TimeSpan Provisioned)>();
        var (playwright, browser) = await Browser.LaunchAsync();
        try
        {
            foreach (var (label, dll) in builds)
            {
                Console.WriteLine($"staff pages: {label} ({dll})");
                var data = Path.Combine(Path.GetTempPath(), $"signagekiosk-staffpages-{label}-{settings.Kiosks}");
                await using var controller = new ControllerProcess(data) { Dll = dll };
                await controller.StartAsync(cancellationToken);
                using var api = await AdminApi.SignInAsync(controller.Url, "admin", ControllerProcess.AdminPassword, cancellationToken);
                var provisioned = await new FleetProvisioner(api, data, Console.WriteLine).EnsureAsync(new FleetShape { Kiosks = settings.Kiosks }, cancellationToken);
                var pages = new List<Measured>();
                using (var client = new StaffBrowserClient(controller.Url))
                {
                    await client.SignInAsync("admin", ControllerProcess.AdminPassword);
                    var page = await browser.SignInToStaffPagesAsync(controller.Url, "admin", ControllerProcess.AdminPassword);
                    foreach (var path in Pages)
                    {
                        pages.Add(await MeasurePageAsync(client, page, controller.Url + path, path, settings.Runs, cancellationToken));
                        Console.WriteLine($"  {Row(pages[^1])}");
                    }
                    await page.Context.CloseAsync();
                }
                var endpoints = new List<Measured>();
                foreach (var path in Endpoints)
                {
                    endpoints.Add(await MeasureApiAsync(api, path, settings.Runs, cancellationToken));
                    Console.WriteLine($"  {Row(endpoints[^1])}");
                }
                results.Add((label, pages, endpoints, provisioned.Took));
            }
        }
        finally
        {
            await browser.CloseAsync();
            playwright.Dispose();
        }
        return Report(settings, builds, results);
    }

    private static async Task<Measured> MeasurePageAsync(StaffBrowserClient client, IPage page, string url, string path, int runs, CancellationToken cancellationToken)
    {
        var server = new List<double>();
        long bytes = 0;
        var status = 0;
        for (var i = 0; i <= runs; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await client.GetAsync(path);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            watch.Stop();
            (bytes, status) = (body.LongLength, (int)response.StatusCode);
            if (i > 0)
            {
                // The first call warms the build's code paths and caches; it is not counted.
                server.Add(watch.Elapsed.TotalMilliseconds);
            }
        }
        var chromium = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            try
            {
                await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load, Timeout = 180_000 });
                chromium.Add(watch.Elapsed.TotalMilliseconds);
            }
            catch (TimeoutException)
            {
                break;
            }
        }
        return new Measured(path, bytes, Median(server), chromium.Count == 0 ? null : Median(chromium), status);
    }

    private static async Task<Measured> MeasureApiAsync(AdminApi api, string path, int runs, CancellationToken cancellationToken)
    {
        var times = new List<double>();
        long bytes = 0;
        var status = 0;
        for (var i = 0; i <= runs; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await api.GetAsync(path, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            watch.Stop();
            (bytes, status) = (body.LongLength, (int)response.StatusCode);
            if (i > 0)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }
        return new Measured(path, bytes, Median(times), null, status);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[sorted.Count / 2];
    }

    private static string Row(Measured m) => $"{m.Path}: {Size(m)} {Ms(m.ServerMs)} {(m.ChromiumMs is { } c ? Ms(c) : "")}";

    private static string Size(Measured m) => m.Status is >= 200 and < 300
        ? m.Bytes >= 1024 * 1024 ? Invariant($"{m.Bytes / 1024.0 / 1024.0:F1} MB") : Invariant($"{m.Bytes / 1024.0:F0} KB")
        : Invariant($"HTTP {m.Status}");

    private static string Ms(double ms) => double.IsNaN(ms) ? "—" : ms >= 1000 ? Invariant($"{ms / 1000:F1} s") : Invariant($"{ms:F0} ms");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Report(Settings settings, List<(string Label, string Dll)> builds,
        List<(string Label, List<Measured> Pages, List<Measured> Api, TimeSpan Provisioned)> results)
    {
        var text = new StringBuilder();
        text.AppendLine("## Staff pages and list endpoints at city scale");
        text.AppendLine();
        text.AppendLine("Reproduce with (builds the \"before\" controller from an older commit first, then measures both in one run):");
        text.AppendLine();
        text.AppendLine("```");
        text.AppendLine("git worktree add /tmp/sk-before ee80325 && dotnet build /tmp/sk-before/controller -c Release");
        text.AppendLine("dotnet build SignageKiosk.sln -c Release && SIGNAGEKIOSK_CONTROLLER_BEFORE_DLL=/tmp/sk-before/controller/bin/Release/net10.0/SignageKiosk.Controller.dll \\");
        text.AppendLine("  dotnet run -c Release --project tests/SignageKiosk.Bench -- --staff-pages");
        text.AppendLine("```");
        text.AppendLine();
        text.AppendLine(BenchMachine.Describe());
        var city = FleetLayout.Build(new FleetShape { Kiosks = settings.Kiosks });
        var itemsPerKind = (city.CompoundIds.Count() + 1) * city.Shape.ItemsPerCompound / 2;
        text.AppendLine(Invariant($"The city: the load benchmark's {settings.Kiosks:N0} kiosks (2 per building, 10 buildings per compound, 10 compounds per community: {city.Places.Count:N0} places, {city.Stations.Count:N0} stations, {itemsPerKind:N0} notices and {itemsPerKind:N0} hotlines), registered through the admin API into a fresh store for each build ({string.Join(", ", results.Select(r => $"{r.Label} {r.Provisioned.TotalSeconds:F0} s"))}); the audit log holds every one of those writes."));
        text.AppendLine(Invariant($"Each build as its own process (Release, production settings). Signed in as the administrator (who sees everything). \"Server\": a signed-in HttpClient's GET to the last byte, median of {settings.Runs} after one warm-up. \"Chromium\": headless Debian Chromium on the same machine, navigation to the load event, median of {settings.Runs}. Sizes are the uncompressed HTML/JSON."));
        text.AppendLine();
        var labels = results.Select(r => r.Label).ToList();
        text.AppendLine("| page | " + string.Join(" | ", labels.Select(l => $"{l}: HTML | {l}: server | {l}: Chromium")) + " |");
        text.AppendLine("| --- | " + string.Join(" | ", labels.Select(_ => "---: | ---: | ---:")) + " |");
        foreach (var path in Pages)
        {
            text.AppendLine($"| {path} | " + string.Join(" | ", results.Select(r => r.Pages.Single(p => p.Path == path)).Select(m => $"{Size(m)} | {Ms(m.ServerMs)} | {(m.ChromiumMs is { } c ? Ms(c) : "—")}")) + " |");
        }
        text.AppendLine();
        text.AppendLine("| list endpoint (first page as called, no parameters) | " + string.Join(" | ", labels.Select(l => $"{l}: JSON | {l}: time")) + " |");
        text.AppendLine("| --- | " + string.Join(" | ", labels.Select(_ => "---: | ---:")) + " |");
        foreach (var path in Endpoints)
        {
            text.AppendLine($"| GET {path} | " + string.Join(" | ", results.Select(r => r.Api.Single(p => p.Path == path)).Select(m => $"{Size(m)} | {Ms(m.ServerMs)}")) + " |");
        }
        text.AppendLine();
        var after = results[^1];
        var slowPages = after.Pages.Where(p => p.Status != 200 || p.Bytes > 300 * 1024 || p.ChromiumMs is null or > 1000).Select(p => p.Path).ToList();
        var slowApi = after.Api.Where(p => p.Status != 200 || p.ServerMs > 100).Select(p => p.Path).ToList();
        text.AppendLine("Goal: every page under 300 KB and loaded in under 1 s; every list endpoint under 100 ms: "
            + (slowPages.Count == 0 && slowApi.Count == 0 ? "**met**." : "**not met** by " + string.Join(", ", slowPages.Concat(slowApi)) + "."));
        return text.ToString();
    }
}
