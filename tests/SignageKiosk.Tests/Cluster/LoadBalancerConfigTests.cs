using System.Diagnostics;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Cluster;

/// <summary>
/// content/cluster/haproxy.cfg.template is rendered by two programs: the tests' LoadBalancer (C#) and the demo cluster
/// script (bash). Both must fill every placeholder with their own values, and HAProxy must accept what each writes.
/// </summary>
public sealed class LoadBalancerConfigTests
{
    private static (int ExitCode, string Output) Run(string file, IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }

    private static void AssertHaproxyAccepts(string config)
    {
        var path = Path.Combine(Repo.TempDirectory("haproxy-config"), "haproxy.cfg");
        File.WriteAllText(path, config);
        var binary = File.Exists("/usr/sbin/haproxy") ? "/usr/sbin/haproxy" : "haproxy";
        var (exitCode, output) = Run(binary, ["-c", "-f", path]);
        Assert.True(exitCode == 0, $"haproxy -c rejected:\n{config}\n{output}");
    }

    private static string[] Servers(string config) =>
        config.Split('\n').Where(line => line.TrimStart().StartsWith("server ", StringComparison.Ordinal)).ToArray();

    [Fact]
    public void The_tests_render_the_template_with_their_values_into_a_configuration_haproxy_accepts()
    {
        var config = LoadBalancer.RenderConfig(40000, [40001, 40002, 40003], 9_000);

        Assert.DoesNotContain("{{", config, StringComparison.Ordinal);
        Assert.Contains("    maxconn 9000\n", config, StringComparison.Ordinal);
        Assert.Contains("    timeout connect 2s\n", config, StringComparison.Ordinal);
        Assert.Contains("    bind 127.0.0.1:40000\n", config, StringComparison.Ordinal);
        Assert.Contains("    default-server check inter 500ms fall 2 rise 2\n", config, StringComparison.Ordinal);
        Assert.Equal(["    server node1 127.0.0.1:40001", "    server node2 127.0.0.1:40002", "    server node3 127.0.0.1:40003"], Servers(config));
        AssertHaproxyAccepts(config);
    }

    [Fact]
    public void The_cluster_script_renders_the_same_template_with_the_demo_values_into_a_configuration_haproxy_accepts()
    {
        var (exitCode, config) = Run("bash", [Path.Combine(Repo.Root, "content", "cluster", "run-cluster.sh"), "--print-haproxy-cfg"],
            new Dictionary<string, string> { ["LB_PORT"] = "6000", ["NODE_PORTS"] = "6001 6002", ["LB_MAXCONN"] = "777" });

        Assert.True(exitCode == 0, config);
        Assert.DoesNotContain("{{", config, StringComparison.Ordinal);
        Assert.Contains("    maxconn 777\n", config, StringComparison.Ordinal);
        Assert.Contains("    timeout connect 5s\n", config, StringComparison.Ordinal);
        Assert.Contains("    bind 127.0.0.1:6000\n", config, StringComparison.Ordinal);
        Assert.Contains("    default-server check inter 1s fall 2 rise 2\n", config, StringComparison.Ordinal);
        Assert.Equal(["    server node1 127.0.0.1:6001", "    server node2 127.0.0.1:6002"], Servers(config));
        // Apart from the values each fills in, the two are the template line for line.
        var tests = LoadBalancer.RenderConfig(6000, [6001, 6002], 777).Replace("connect 2s", "connect 5s", StringComparison.Ordinal).Replace("inter 500ms", "inter 1s", StringComparison.Ordinal);
        Assert.Equal(tests, config);
        AssertHaproxyAccepts(config);
    }
}
