using System.Diagnostics;
using System.Xml.Linq;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Packaging;

/// <summary>
/// The Debian packages of both apps, built once for all the packaging tests by packaging/build-debs.sh (amd64, the
/// self-contained builds; zstd, the quickest of dpkg-deb's compressors) and unpacked with dpkg-deb into one scratch root,
/// as if both were installed on one station box.
/// </summary>
public sealed class DebianPackages : IAsyncLifetime
{
    public const string Arch = "amd64";

    public string Directory { get; } = Repo.TempDirectory("debs");
    public string Root => Path.Combine(Directory, "root");
    public string Version { get; } = ReadVersion();
    public TimeSpan BuildTime { get; private set; }

    public string Deb(string app) => Path.Combine(Directory, "out", $"signagekiosk-{app}_{Version}_{Arch}.deb");
    /// <summary>The package's control archive (control, conffiles, maintainer scripts), from dpkg-deb -e.</summary>
    public string Control(string app) => Path.Combine(Directory, "control-" + app);
    /// <summary>A path of the installed tree, e.g. "/etc/signagekiosk/controller.json".</summary>
    public string Installed(string path) => Path.Combine(Root, path.TrimStart('/'));

    public async Task InitializeAsync()
    {
        var watch = Stopwatch.StartNew();
        var script = Path.Combine(Repo.Root, "packaging", "build-debs.sh");
        await RunAsync("bash", [script, "--arch", Arch, "--out", Path.Combine(Directory, "out"), "--compression", "zstd"], TimeSpan.FromMinutes(20));
        BuildTime = watch.Elapsed;
        foreach (var app in new[] { "controller", "kiosk" })
        {
            await RunAsync("dpkg-deb", ["-x", Deb(app), Root]);
            await RunAsync("dpkg-deb", ["-e", Deb(app), Control(app)]);
        }
    }

    public Task DisposeAsync()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A process of a failed test may still hold a file; the temp folder is left for the next clean-up.
        }
        return Task.CompletedTask;
    }

    /// <summary>Runs a tool to its end; a non-zero exit fails with what it printed.</summary>
    public static async Task<string> RunAsync(string program, IEnumerable<string> arguments, TimeSpan? timeout = null, bool ensureSuccess = true)
    {
        var list = arguments.ToList();
        var run = await ToolRun.RunAsync(program, list, timeout: timeout);
        var text = run.Output.Trim();
        return ensureSuccess && run.ExitCode != 0
            ? throw new InvalidOperationException($"{program} {string.Join(' ', list)} exited {run.ExitCode}:\n{text}")
            : text;
    }

    /// <summary>The packages' version: Directory.Build.props's &lt;Version&gt;, as build-debs.sh reads it.</summary>
    internal static string ReadVersion() =>
        XDocument.Load(Path.Combine(Repo.Root, "Directory.Build.props")).Descendants("Version").Single().Value;
}
