using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace SignageKiosk.Tests.Support;

/// <summary>
/// Debian's prometheus as a real process: its own temporary directory (config and storage), its web API on loopback
/// and a free port, scraping the given targets every second; killed on dispose.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    public const string Binary = "/usr/bin/prometheus";

    private readonly Process _process;
    private readonly System.Text.StringBuilder _output = new();
    private readonly HttpClient _http;

    private PrometheusServer(Process process, int port)
    {
        _process = process;
        Url = $"http://127.0.0.1:{port}";
        _http = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(10) };
    }

    public string Url { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <param name="targets">host:port of each controller node; scraped at /metrics.</param>
    public static async Task<PrometheusServer> StartAsync(string name, params string[] targets)
    {
        var directory = Repo.TempDirectory(name);
        var config = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: signagekiosk
                metrics_path: /metrics
                static_configs:
                  - targets: [{string.Join(", ", targets.Select(t => "'" + t + "'"))}]
            """);
        var port = Repo.FreePort();
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory,
        };
        foreach (var argument in new[]
        {
            "--config.file=" + config,
            "--storage.tsdb.path=" + Path.Combine(directory, "data"),
            "--web.listen-address=127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture),
            "--web.console.templates=" + Path.Combine(directory, "consoles"),
            "--web.console.libraries=" + Path.Combine(directory, "console_libraries"),
        })
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("prometheus did not start");
        var server = new PrometheusServer(process, port);
        process.OutputDataReceived += (_, e) => server.Record(e.Data);
        process.ErrorDataReceived += (_, e) => server.Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Kill();
        await Eventually.Until(async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with {process.ExitCode}:\n{server.Output}");
            }
            using var response = await server._http.GetAsync("/-/ready");
            return response.IsSuccessStatusCode;
        }, ready => ready, $"prometheus to be ready\n{server.Output}");
        return server;
    }

    /// <summary>An instant query through the HTTP API: each series' labels and value (empty while nothing is scraped yet).</summary>
    public async Task<IReadOnlyList<(JsonObject Labels, double Value)>> QueryAsync(string promql)
    {
        var answer = (await _http.GetFromJsonAsync<JsonObject>("/api/v1/query?query=" + Uri.EscapeDataString(promql)))!;
        if (answer["status"]!.GetValue<string>() != "success")
        {
            throw new InvalidOperationException("prometheus refused the query: " + answer.ToJsonString());
        }
        return [.. answer["data"]!["result"]!.AsArray().Select(series => (
            series!["metric"]!.AsObject(),
            double.Parse(series["value"]![1]!.GetValue<string>(), CultureInfo.InvariantCulture)))];
    }

    /// <summary>The health of each scrape target as prometheus sees it ("up", "down", "unknown").</summary>
    public async Task<string> TargetsAsync() => await _http.GetStringAsync("/api/v1/targets");

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        _http.Dispose();
    }
}
