using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace SignageKiosk.Tests.Support;

/// <summary>
/// Debian's HAProxy on a free loopback port in front of controller nodes, configured from the same template as
/// content/cluster/run-cluster.sh (content/cluster/haproxy.cfg.template): leastconn, health-checked on /healthz, no
/// stickiness, a failed connect redispatched to another node.
/// </summary>
public sealed class LoadBalancer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private LoadBalancer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }
    public int Pid => _process.Id;
    public string Url => $"http://127.0.0.1:{Port}";

    public static async Task<LoadBalancer> StartAsync(string name, IEnumerable<int> nodePorts, int maxConnections = 4096)
    {
        var binary = File.Exists("/usr/sbin/haproxy") ? "/usr/sbin/haproxy" : "haproxy";
        var folder = Repo.TempDirectory("haproxy-" + name);
        var port = Repo.FreePort();
        var path = Path.Combine(folder, "haproxy.cfg");
        await File.WriteAllTextAsync(path, RenderConfig(port, nodePorts, maxConnections));
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-f", path, "-db" })
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("haproxy did not start");
        var balancer = new LoadBalancer(process, port);
        process.OutputDataReceived += (_, e) => balancer.Record(e.Data);
        process.ErrorDataReceived += (_, e) => balancer.Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => balancer.Stop();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.Until(async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"haproxy exited with {process.ExitCode}:\n{balancer.Output}");
            }
            try
            {
                using var response = await http.GetAsync(balancer.Url + "/healthz");
                return response.IsSuccessStatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }, ok => ok, $"HAProxy to answer through a node\n{balancer.Output}");
        return balancer;
    }

    public static string TemplatePath => Path.Combine(Repo.Root, "content", "cluster", "haproxy.cfg.template");

    /// <summary>
    /// The template with the tests' values: shorter connect timeout and check interval than the demo's (2s and 500ms
    /// against 5s and 1s), so a killed node is noticed sooner.
    /// </summary>
    public static string RenderConfig(int port, IEnumerable<int> nodePorts, int maxConnections = 4096)
    {
        var servers = string.Join("\n", nodePorts.Select((nodePort, i) => $"    server node{i + 1} 127.0.0.1:{nodePort}"));
        var config = File.ReadAllText(TemplatePath)
            .Replace("{{MAXCONN}}", maxConnections.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{{CONNECT_TIMEOUT}}", "2s", StringComparison.Ordinal)
            .Replace("{{LISTEN_PORT}}", port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{{CHECK_INTERVAL}}", "500ms", StringComparison.Ordinal)
            .Replace("{{SERVERS}}", servers, StringComparison.Ordinal);
        var left = config.IndexOf("{{", StringComparison.Ordinal);
        return left < 0
            ? config
            : throw new InvalidOperationException($"{TemplatePath} has a placeholder LoadBalancer does not fill: {config[left..(config.IndexOf("}}", left, StringComparison.Ordinal) + 2)]}");
    }

    public string Output { get { lock (_output) { return _output.ToString(); } } }

    private void Record(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private void Stop()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        Stop();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
