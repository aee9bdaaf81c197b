using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Packaging;

/// <summary>
/// packaging/kiosk/session.sh, the X session that shows the board: it starts the kiosk shell in a systemd scope of the
/// user's own with the board's memory budget (decision 0060) when a user manager answers, and without one otherwise, so
/// a box without systemd still shows its board. systemd-run, xhost and the kiosk shell are stand-ins that write down
/// how they were called (this machine has no systemd user manager); the script is the packaged one, run as it is.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]   // an X session script and its stand-ins' file modes
public sealed class BoardSessionScriptTests : IDisposable
{
    private readonly string _root = Repo.TempDirectory("board-session");
    private readonly TcpListener _host = new(IPAddress.Loopback, 0);

    public BoardSessionScriptTests()
    {
        // The session waits for the kiosk host to answer before it starts the board.
        _host.Start();
    }

    private string HostUrl => $"http://127.0.0.1:{((IPEndPoint)_host.LocalEndpoint).Port}";

    private string Calls => Path.Combine(_root, "calls");

    /// <summary>Runs the packaged session.sh beside a stand-in shell; <paramref name="userManager"/>: whether systemd-run --user works.</summary>
    private async Task<(int Exit, string Calls, string Errors)> RunSessionAsync(bool? userManager, Dictionary<string, string>? environment = null)
    {
        var shellDirectory = Path.Combine(_root, "shell");
        var bin = Path.Combine(_root, "bin");
        Directory.CreateDirectory(shellDirectory);
        Directory.CreateDirectory(bin);
        File.Copy(Path.Combine(Repo.Root, "packaging", "kiosk", "session.sh"), Path.Combine(shellDirectory, "session.sh"), overwrite: true);
        Script(Path.Combine(shellDirectory, "start-kiosk.sh"), $"echo \"start-kiosk.sh $*\" >> '{Calls}'");
        Script(Path.Combine(bin, "xhost"), "exit 0");
        // Only the tools the script uses and the stand-ins: never this machine's own systemd-run.
        foreach (var tool in new[] { "sed", "head", "seq", "sleep", "readlink", "dirname", "true" })
        {
            var link = Path.Combine(bin, tool);
            if (!File.Exists(link))
            {
                File.CreateSymbolicLink(link, Path.Combine("/usr/bin", tool));
            }
        }
        if (userManager is { } works)
        {
            // As systemd-run --scope does: run the command after the options (after "--") in the caller's place.
            Script(Path.Combine(bin, "systemd-run"), $$"""
                echo "systemd-run $*" >> '{{Calls}}'
                {{(works ? "" : "echo 'Failed to connect to bus: No medium found' >&2; exit 1")}}
                while [ "$1" != "--" ]; do shift; done
                shift
                exec "$@"
                """);
        }
        var settings = Path.Combine(_root, "kiosk.json");
        await File.WriteAllTextAsync(settings, $$"""{ "Urls": "{{HostUrl}}", "Kiosk": { "ControllerUrl": "http://controller.example" } }""");
        var start = new ProcessStartInfo("/bin/bash", [Path.Combine(shellDirectory, "session.sh")]) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.Environment["PATH"] = bin;
        start.Environment["SIGNAGEKIOSK_CONFIG"] = settings;
        foreach (var (name, value) in environment ?? [])
        {
            start.Environment[name] = value;
        }
        using var session = Process.Start(start)!;
        var errors = session.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await session.WaitForExitAsync(timeout.Token);
        return (session.ExitCode, File.Exists(Calls) ? await File.ReadAllTextAsync(Calls) : "", await errors);
    }

    private static void Script(string path, string body)
    {
        File.WriteAllText(path, "#!/bin/bash\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    [Fact]
    public async Task With_a_user_manager_the_board_runs_in_a_scope_with_its_memory_budget()
    {
        var (exit, calls, errors) = await RunSessionAsync(userManager: true);

        Assert.True(exit == 0, errors);
        var lines = calls.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // First a probe that the user manager answers, then the board in its scope, at the host's own address.
        Assert.Equal("systemd-run --user --scope --quiet --property=MemoryHigh=368M -- true", lines[0]);
        Assert.StartsWith("systemd-run --user --scope --quiet --unit=signagekiosk-board-", lines[1]);
        Assert.EndsWith($" --property=MemoryHigh=368M -- {Path.Combine(_root, "shell", "start-kiosk.sh")} --url {HostUrl}/", lines[1]);
        Assert.Equal($"start-kiosk.sh --url {HostUrl}/", lines[2]);
        Assert.Equal(3, lines.Length);
        Assert.DoesNotContain("without one", errors);
    }

    [Fact]
    public async Task Without_a_user_manager_the_board_still_starts_and_the_session_says_why_it_has_no_budget()
    {
        var (exit, calls, errors) = await RunSessionAsync(userManager: false);

        Assert.True(exit == 0, errors);
        var lines = calls.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["systemd-run --user --scope --quiet --property=MemoryHigh=368M -- true", $"start-kiosk.sh --url {HostUrl}/"], lines);
        Assert.Contains("no systemd user manager to give the board its memory budget (368M)", errors);
    }

    [Fact]
    public async Task Without_systemd_run_the_board_starts_directly()
    {
        var (exit, calls, errors) = await RunSessionAsync(userManager: null);

        Assert.True(exit == 0, errors);
        Assert.Equal($"start-kiosk.sh --url {HostUrl}/\n", calls);
        Assert.Contains("no systemd user manager", errors);
    }

    [Fact]
    public async Task The_budget_can_be_changed_or_turned_off_by_the_operator()
    {
        var (_, calls, _) = await RunSessionAsync(userManager: true, new() { ["SIGNAGEKIOSK_BOARD_MEMORY_HIGH"] = "512M" });
        Assert.Contains("--property=MemoryHigh=512M -- " + Path.Combine(_root, "shell", "start-kiosk.sh"), calls);

        File.Delete(Calls);
        var (exit, direct, errors) = await RunSessionAsync(userManager: true, new() { ["SIGNAGEKIOSK_BOARD_MEMORY_HIGH"] = "none" });
        Assert.True(exit == 0, errors);
        Assert.Equal($"start-kiosk.sh --url {HostUrl}/\n", direct);
        Assert.Equal("", errors.Trim());
    }

    public void Dispose() => _host.Stop();
}
