using System.Diagnostics;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// The kiosk's supervisor, packaging/kiosk/kiosk-launch (decision 0051), run for real on stand-in builds: small scripts
/// in the slots where the kiosk app would be (laid out as a self-contained build, so the apphost branch runs; the real
/// kiosk runs through its dotnet branch in <see cref="KioskUpdateTests"/>).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]   // a bash supervisor, file modes
public sealed class KioskLaunchTests
{
    public static string Script => Path.Combine(Repo.Root, "packaging", "kiosk", "kiosk-launch");

    private sealed class Station
    {
        public string Updates { get; } = Path.Combine(Repo.TempDirectory("launch"), "updates");
        public string Log => Path.Combine(Updates, "..", "ran.log");
        public string Packaged => Path.Combine(Updates, "..", "packaged");

        /// <summary>A stand-in build in <paramref name="slot"/> whose program runs <paramref name="body"/> (bash).</summary>
        public void Build(string slot, string body)
        {
            var folder = slot == "packaged" ? Packaged : Path.Combine(Updates, "slots", slot);
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "SignageKiosk.Kiosk.dll"), "");
            File.WriteAllText(Path.Combine(folder, "libcoreclr.so"), "");
            var program = Path.Combine(folder, "SignageKiosk.Kiosk");
            File.WriteAllText(program, $"#!/bin/bash\necho \"$SIGNAGEKIOSK_SLOT ran in $PWD with $*\" >>'{Log}'\n{body}\n");
            File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        public void Trial(string slot, string previous, int seconds) =>
            File.WriteAllText(Path.Combine(Updates, "trial"), $"slot={slot}\nprevious={previous}\nseconds={seconds}\nrollout=7\nsha256={new string('a', 64)}\nversion=9.9.9\n");

        public Process Start()
        {
            var start = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true };
            start.ArgumentList.Add(Script);
            start.ArgumentList.Add("--an-argument");
            start.Environment["SIGNAGEKIOSK_UPDATES"] = Updates;
            start.Environment["SIGNAGEKIOSK_APP"] = Packaged;
            return Process.Start(start)!;
        }

        /// <summary>Starts the supervisor, waits until a build has started <paramref name="runs"/> times in all, and kills it and its build at once (a power cut).</summary>
        public async Task CutShortAsync(int runs)
        {
            using var process = Start();
            _ = process.StandardError.ReadToEndAsync();
            await Eventually.Until(() => Task.FromResult(Ran.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length), n => n >= runs, $"{runs} starts of a build");
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        public async Task<(int Code, string Output)> RunAsync()
        {
            using var process = Start();
            var error = process.StandardError.ReadToEndAsync();
            using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(patience.Token);
            return (process.ExitCode, await error);
        }

        public string Ran => File.Exists(Log) ? File.ReadAllText(Log) : "";
        public string? File_(string name) => File.Exists(Path.Combine(Updates, name)) ? File.ReadAllText(Path.Combine(Updates, name)) : null;
    }

    [Fact]
    public async Task A_build_on_trial_that_is_not_healthy_in_time_is_stopped_and_the_build_before_it_starts()
    {
        var station = new Station();
        station.Build("a", "exit 0");
        station.Build("b", "exec sleep 600");
        station.Trial("b", "a", 2);

        var (code, output) = await station.RunAsync();

        Assert.Equal(0, code);
        Assert.Matches(@"^b ran in .*/slots/b with --an-argument\na ran in .*/slots/a with --an-argument\n$", station.Ran);
        Assert.Contains("reason=not healthy within 2 s", station.File_("rolled-back"));
        Assert.Contains("rollout=7", station.File_("rolled-back"));
        Assert.Equal("a\n", station.File_("current"));
        Assert.Null(station.File_("trial"));
        Assert.Contains("rolled back to a: not healthy within 2 s", output);
    }

    [Fact]
    public async Task A_build_on_trial_that_exits_before_it_is_healthy_is_rolled_back_to_the_packaged_app()
    {
        var station = new Station();
        station.Build("packaged", "exit 4");
        station.Build("a", "exit 3");
        station.Trial("a", "packaged", 300);

        var (code, _) = await station.RunAsync();

        // The packaged app's own exit code ends the supervisor, for systemd to restart it.
        Assert.Equal(4, code);
        Assert.Matches(@"^a ran .*\npackaged ran in .*/packaged with --an-argument\n$", station.Ran);
        Assert.Contains("reason=exited with code 3 before it was healthy", station.File_("rolled-back"));
        Assert.Null(station.File_("current"));
    }

    [Fact]
    public async Task A_trial_cut_short_by_restarts_begins_again_and_the_third_time_is_rolled_back()
    {
        // A build whose trial never ends: the box (here, the supervisor and everything it started) dies during it, three times.
        var station = new Station();
        station.Build("a", "exit 0");
        station.Build("b", "exec sleep 600");
        station.Trial("b", "a", 300);
        for (var cut = 1; cut <= 3; cut++)
        {
            await station.CutShortAsync(cut);
            Assert.NotNull(station.File_("trial"));
        }

        var (code, output) = await station.RunAsync();

        Assert.Equal(0, code);
        Assert.Matches(@"^(b ran in .*/slots/b with --an-argument\n){3}a ran in .*/slots/a with --an-argument\n$", station.Ran);
        Assert.Contains("reason=the trial was cut short 3 times", station.File_("rolled-back"));
        Assert.Equal("a\n", station.File_("current"));
        Assert.Null(station.File_("trial"));
        Assert.Null(station.File_("trial-starts"));
        Assert.Contains("rolled back to a: the trial was cut short 3 times", output);
    }

    [Fact]
    public async Task A_trial_cut_short_once_runs_again_and_a_healthy_build_is_kept_with_its_count_gone()
    {
        var station = new Station();
        station.Build("a", "exit 0");
        // Healthy on its second start only (a power cut hit the first), then it installs nothing more and stops.
        var second = Path.Combine(station.Updates, "..", "second-start");
        station.Build("b", $"if [ -f '{second}' ]; then printf 'b\\n' >\"$SIGNAGEKIOSK_UPDATES/current\"; rm \"$SIGNAGEKIOSK_UPDATES/trial\"; sleep 1; exit 0; fi; touch '{second}'; exec sleep 600");
        station.Trial("b", "a", 300);
        await station.CutShortAsync(1);

        var (code, _) = await station.RunAsync();

        Assert.Equal(0, code);
        Assert.Matches(@"^(b ran in .*/slots/b with --an-argument\n){2}$", station.Ran);
        Assert.Equal("b\n", station.File_("current"));
        Assert.Null(station.File_("rolled-back"));
        Assert.Null(station.File_("trial-starts"));
    }

    [Fact]
    public async Task A_healthy_build_keeps_itself_and_an_installing_build_exits_75_to_be_started_in_the_new_slot()
    {
        var station = new Station();
        // The packaged app "installs" slot b and asks for a restart; b on trial keeps itself and later stops with 0.
        station.Build("packaged", $"mkdir -p \"$SIGNAGEKIOSK_UPDATES\"; printf 'slot=b\\nprevious=packaged\\nseconds=300\\n' >\"$SIGNAGEKIOSK_UPDATES/trial\"; exit 75");
        station.Build("b", "printf 'b\\n' >\"$SIGNAGEKIOSK_UPDATES/current\"; rm \"$SIGNAGEKIOSK_UPDATES/trial\"; sleep 1; exit 0");

        var (code, output) = await station.RunAsync();

        Assert.Equal(0, code);
        Assert.Matches(@"^packaged ran .*\nb ran in .*/slots/b with --an-argument\n$", station.Ran);
        Assert.Equal("b\n", station.File_("current"));
        Assert.Null(station.File_("rolled-back"));
        Assert.Contains("the build in slot b is healthy; kept", output);
    }
}
