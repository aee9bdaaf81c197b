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

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
