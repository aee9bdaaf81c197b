using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using SignageKiosk.Simulator.Controller;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Packaging;

/// <summary>
/// An app from the unpacked package, started as its systemd unit would start it: the unit's ExecStart, working directory,
/// EnvironmentFile= (from the scratch root) and Environment= lines, with SIGNAGEKIOSK_CONFIG pointing at a copy of the /etc settings file that the test adjusted
/// (a free loopback port, a temporary data directory). No arguments: everything comes from the settings file.
/// </summary>
public sealed class InstalledService : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private readonly Process _process;

    private InstalledService(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    public string Url { get; }
    public string Output { get { lock (_output) { return _output.ToString(); } } }

    /// <summary>
    /// Starts a unit of the packages unpacked into <paramref name="root"/> as systemd would (its ExecStart, working directory
    /// and environment). With an <paramref name="emulator"/> (qemu-user for another architecture's package),
    /// <paramref name="program"/> of the package runs under it instead of ExecStart, and the supervisor's variables are left out.
    /// </summary>
    /// <param name="settings">The settings file's content to use (the /etc one, adjusted by the test).</param>
    public static async Task<InstalledService> StartAsync(string root, string unit, JsonObject settings, string url, string home,
        string? emulator = null, string? program = null, TimeSpan? startTimeout = null)
    {
        string Installed(string path) => Path.Combine(root, path.TrimStart('/'));
        var lines = File.ReadAllLines(Installed("/lib/systemd/system/" + unit));
        string Value(string key) => lines.Single(l => l.StartsWith(key + "=", StringComparison.Ordinal))[(key.Length + 1)..];

        var settingsFile = Path.Combine(home, "settings.json");
        await File.WriteAllTextAsync(settingsFile, settings.ToJsonString());
        var start = new ProcessStartInfo(emulator ?? Installed(Value("ExecStart")))
        {
            WorkingDirectory = Installed(Value("WorkingDirectory")),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var file in lines.Where(l => l.StartsWith("EnvironmentFile=", StringComparison.Ordinal)))
        {
            var path = Installed(file["EnvironmentFile=".Length..]);
            // Without systemd's "-" prefix a missing file stops the unit from starting: so here too.
            Assert.True(File.Exists(path), $"{unit}: its EnvironmentFile {path} is not in the package");
            foreach (var (name, value) in EnvironmentFile.Read(path))
            {
                start.Environment[name] = value;
            }
        }
        foreach (var line in lines.Where(l => l.StartsWith("Environment=", StringComparison.Ordinal)))
        {
            var (name, value) = (line["Environment=".Length..].Split('=', 2)[0], line["Environment=".Length..].Split('=', 2)[1]);
            start.Environment[name] = name switch
            {
                "SIGNAGEKIOSK_CONFIG" => settingsFile,
                "HOME" => home,
                "DISPLAY" => null,   // no X server for the test: the screen switch stays off
                "SIGNAGEKIOSK_UPDATES" => emulator is null ? Path.Combine(home, "updates") : null,
                "SIGNAGEKIOSK_APP" => emulator is null ? Installed(value) : null,
                _ => value,
            };
        }
        if (emulator is not null)
        {
            start.ArgumentList.Add(Installed(program ?? throw new ArgumentNullException(nameof(program))));
            // qemu-user does not see code the JIT writes through the second mapping of .NET's W^X scheme and runs stale
            // code (dotnet/runtime#94909); real arm64 hardware has no such problem, so only the emulated run turns it off.
            start.Environment["DOTNET_EnableWriteXorExecute"] = "0";
        }
        var process = Process.Start(start)!;
        var service = new InstalledService(process, url);
        process.OutputDataReceived += (_, e) => { lock (service._output) { service._output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (service._output) { service._output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Eventually.Until(async () => process.HasExited ? throw new InvalidOperationException("exited " + process.ExitCode) : await http.GetStringAsync(url + "/healthz"),
            _ => true, $"{unit} from the package to answer /healthz on {url}\n{service.Output}", startTimeout ?? TimeSpan.FromSeconds(60));
        return service;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
