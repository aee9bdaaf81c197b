using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace SignageKiosk.Simulator.Controller;

/// <summary>Where the repository and the built controller are, and a free loopback port.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Names another controller build to run instead (e.g. an older commit's, for before/after figures).</summary>
    public const string ControllerDllVariable = "SIGNAGEKIOSK_CONTROLLER_DLL";

    /// <summary>The controller built in the same configuration as the simulator (the solution builds it first).</summary>
    public static string ControllerDll
    {
        get
        {
            if (Environment.GetEnvironmentVariable(ControllerDllVariable) is { Length: > 0 } other)
            {
                return File.Exists(other) ? Path.GetFullPath(other) : throw new FileNotFoundException($"{ControllerDllVariable} names no file", other);
            }
            var configuration = typeof(RepoPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            var path = Path.Combine(Root, "controller", "bin", configuration, "net10.0", "SignageKiosk.Controller.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("build the solution first: the controller is missing", path);
        }
    }

    /// <summary>
    /// A loopback port free now, for a server a test or benchmark starts a moment later (in process, or a controller or
    /// kiosk process). Taken below the kernel's ephemeral range: a port the kernel hands out for binding to 0 may, until
    /// the server binds it, become the local end of any outgoing connection on the machine (one failed CI run: "address
    /// already in use"). Ports below that range are only ever taken by a server asking for them; one counter across the
    /// process hands each out once.
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
