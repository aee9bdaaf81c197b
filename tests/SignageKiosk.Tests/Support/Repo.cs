using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace SignageKiosk.Tests.Support;

public static class Repo
{
    public static string Root { get; } = FindRoot();

    /// <summary>The built kiosk host, in the same configuration as the tests (the solution builds it first).</summary>
    public static string KioskDll
    {
        get
        {
            var configuration = typeof(Repo).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            var path = Path.Combine(Root, "kiosk", "bin", configuration, "net10.0", "SignageKiosk.Kiosk.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("build the solution first: the kiosk host is missing", path);
        }
    }

    /// <summary>The built controller, for tests that run it as its own process (a refused start, its exit code).</summary>
    public static string ControllerDll
    {
        get
        {
            var configuration = typeof(Repo).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            var path = Path.Combine(Root, "controller", "bin", configuration, "net10.0", "SignageKiosk.Controller.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("build the solution first: the controller is missing", path);
        }
    }

    public static string DemoContent => Path.Combine(Root, "content", "demo", "community.json");

    /// <summary>
    /// A loopback port free now, for a server a test starts a moment later. Taken below the kernel's ephemeral range:
    /// a port the kernel hands out for binding to 0 may, until the server binds it, become the local end of any
    /// outgoing connection on the machine (one failed CI run: "address already in use"). Ports below that range are
    /// only ever taken by a server asking for them; one counter across the process hands each out once.
    /// </summary>
    public static int FreePort()
    {
        for (var attempt = 0; attempt < PortRange.Count; attempt++)
        {
            var port = PortRange.First + (int)((uint)Interlocked.Increment(ref _nextPort) % (uint)PortRange.Count);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken by another server (another test process, a service on this machine): the next one.
            }
        }
        throw new InvalidOperationException($"no free loopback port in {PortRange.First}–{PortRange.First + PortRange.Count - 1}");
    }

    /// <summary>From 10000 up to the start of the kernel's ephemeral range (32768 by default).</summary>
    public static (int First, int Count) PortRange { get; } = ServerPorts();

    // Test processes running side by side start at different places in the range.
    private static int _nextPort = Environment.ProcessId * 97;

    private static (int First, int Count) ServerPorts()
    {
        var ephemeralStart = 32768;
        try
        {
            ephemeralStart = int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split('\t', ' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
        }
        return ephemeralStart > 12000 ? (10000, ephemeralStart - 10000) : throw new InvalidOperationException($"the kernel's ephemeral ports start at {ephemeralStart}: too low to keep test servers out of them");
    }

    public static string TempDirectory(string name)
    {
        var path = Path.Combine(Path.GetTempPath(), "signagekiosk-tests", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return path;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SignageKiosk.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("SignageKiosk.sln not found above " + AppContext.BaseDirectory);
    }
}
