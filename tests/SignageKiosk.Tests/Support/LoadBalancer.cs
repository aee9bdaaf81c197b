using System.Diagnostics;
using System.Text;

namespace SignageKiosk.Tests.Support;

/// <summary>
/// Debian's HAProxy on a free loopback port in front of controller nodes, configured as content/cluster/run-cluster.sh
/// does: leastconn, health-checked on /healthz, no stickiness, a failed connect redispatched to another node.
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
        var config = new StringBuilder($"""
            global
                maxconn {maxConnections}
            defaults
                mode http
                timeout connect 2s
                timeout client 60s
                timeout server 60s
                timeout tunnel 1h
                option redispatch
                retries 2
            frontend signagekiosk
                bind 127.0.0.1:{port}
                default_backend nodes
            backend nodes
                balance leastconn
                option httpchk GET /healthz
                http-check expect status 200

            """);
        var n = 0;
        foreach (var nodePort in nodePorts)
        {
            config.AppendLine($"    server node{++n} 127.0.0.1:{nodePort} check inter 500ms fall 2 rise 2");
        }
        var path = Path.Combine(folder, "haproxy.cfg");
        await File.WriteAllTextAsync(path, config.ToString());
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
