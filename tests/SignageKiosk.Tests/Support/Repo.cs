using System.Reflection;
using SignageKiosk.Simulator.Controller;

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

    /// <summary>A loopback port free now, below the kernel's ephemeral range (see <see cref="RepoPaths.FreePort"/>).</summary>
    public static int FreePort() => RepoPaths.FreePort();

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
