using System.Diagnostics;
using System.Globalization;
using System.Text;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Bench;

/// <summary>
/// Print layouts and the phone poster as staff get them: one controller (in-process, real Kestrel) with the demo
/// community, each document fetched through its API route, so the time covers reading the content, laying it out and
/// drawing it with SkiaSharp (PDF or PNG). Returns its section of docs/benchmarks.md.
/// </summary>
public static class PrintBenchmark
{
    public static async Task<string> RunAsync(int runs)
    {
        await using var controller = ControllerHost.Start("bench-print", demo: true);
        using var admin = await controller.AdminAsync();
        // A long notice as staff paste them: 5,000 characters of Chinese, English and an emoji, over several pages.
        var longBody = string.Concat(Enumerable.Repeat("各位居民：因市政供水管网改造，小区将分区停水。Please store water in advance. 🙂 ", 90));
        await admin.PublishAsync("notices", new
        {
            id = "n-bench-long", title = "关于小区供水管网改造分区停水的详细说明", body = longBody[..5000], priority = "normal",
            target = new { placeId = "compound-dangui" },
        });

        var documents = new (string What, string Url)[]
        {
            ("楼栋公示 (roster), building 1, A4 PDF", "/api/print/roster/b1?format=pdf"),
            ("楼栋公示 (roster), building 1, A4 PNG page 1 (print resolution)", "/api/print/roster/b1?format=png"),
            ("通知 (notice), demo water notice, A4 PDF", "/api/print/notices/n-water-outage?format=pdf"),
            ("通知 (notice), 5,000 characters, A4 PDF", "/api/print/notices/n-bench-long?format=pdf"),
            ("通知 (notice), demo water notice, A4 PNG page 1", "/api/print/notices/n-water-outage?format=png"),
            ("phone poster, demo water notice, PNG 1080 wide", "/api/posters/notices/n-water-outage"),
            ("phone poster, 5,000 characters, PNG 1080 wide", "/api/posters/notices/n-bench-long"),
            ("值班表 (duty week), the demo station, A4 PDF", "/api/print/duty/station-dangui?format=pdf"),
            ("包栋联户一览 (overview), the demo compound, A3 PDF", "/api/print/overview/compound-dangui?format=pdf"),
        };

        var rows = new StringBuilder();
        foreach (var (what, url) in documents)
        {
            // The first request loads fonts and warms the code: reported apart from the steady state.
            var (first, size) = await FetchAsync(admin, url);
            var times = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                times.Add((await FetchAsync(admin, url)).Milliseconds);
            }
            times.Sort();
            rows.AppendLine(CultureInfo.InvariantCulture, $"| {what} | {first:0} ms | {Percentile(times, 0.5):0} ms | {times[^1]:0} ms | {size / 1024.0:0} KB |");
            Console.WriteLine($"{what}: {Percentile(times, 0.5):0} ms, {size} bytes");
        }

        return $"""
            ## Print layouts and the phone poster (SkiaSharp)

            Reproduce with:

            ```
            dotnet build SignageKiosk.sln -c Release && dotnet run -c Release --project tests/SignageKiosk.Bench -- --print [RUNS]
            ```

            {BenchMachine.Describe()} Load average at the start: {LoadAverage()}.
            Setup: one controller (in-process, real Kestrel on 127.0.0.1, SQLite) with the demo community; each document is
            fetched through its staff API route as the administrator, {runs} times after a first request. Time is from sending
            the request to the last byte received: reading the content, laying it out and drawing it. Fonts as in
            [decision 0025](decisions/0025-print-text-and-fonts.md) (WenQuanYi Micro Hei, only the glyphs used).

            | document | first request | median | max | size |
            | --- | ---: | ---: | ---: | ---: |
            {rows.ToString().TrimEnd()}

            """;
    }

    private static async Task<(double Milliseconds, long Size)> FetchAsync(HttpClient admin, string url)
    {
        var clock = Stopwatch.StartNew();
        using var response = await admin.GetAsync(url);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        clock.Stop();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{url} answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(bytes)}");
        }
        return (clock.Elapsed.TotalMilliseconds, bytes.Length);
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
