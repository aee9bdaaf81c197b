using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Bench;

/// <summary>
/// A station box over time: one controller (in-process, real Kestrel), one real kiosk host process, and the real kiosk
/// shell (kiosk/shell/start-kiosk.sh: Chromium in kiosk mode on an Xvfb screen) showing that kiosk's board. A hotline is
/// edited through the controller's API every few seconds; every 30 s the proportional set size (PSS, from
/// /proc/PID/smaps_rollup) of the kiosk host and of every Chromium process is read. At the end the board on the X screen
/// is checked to follow the edits, so the figures are those of a working board. Returns its section of docs/benchmarks.md.
/// </summary>
public static class SoakBenchmark
{
    public sealed class Settings
    {
        public double Minutes { get; init; } = 20;
        public TimeSpan EditEvery { get; init; } = TimeSpan.FromSeconds(2);
        public TimeSpan SampleEvery { get; init; } = TimeSpan.FromSeconds(30);
        /// <summary>Names the section (soak-LABEL), so a before and an after run stand side by side.</summary>
        public string Label { get; init; } = "after";
        public string Command { get; init; } = "--soak";
        /// <summary>Another kiosk host build (its SignageKiosk.Kiosk.dll) and another kiosk shell script, for a "before".</summary>
        public string? KioskDll { get; init; }
        public string? ShellScript { get; init; }
        /// <summary>
        /// Memory budgets in MB for the board's session (the kiosk shell, its window manager and Chromium), as the
        /// installed session sets it (decision 0060), and optionally for the kiosk host (the installed unit sets none);
        /// a null size puts that part in a group that only counts. With budgets the box runs as installed: the host
        /// published self-contained (or <see cref="KioskDll"/>, such a build) under its supervisor, the X server outside
        /// both groups, as the display manager's is. Null altogether runs the box as a test rig does.
        /// </summary>
        public (int? HostMb, int? BoardMb)? Budget { get; init; }
    }

    /// <summary>PSS as read, and "alone": what the same processes would take on a box of their own (see Measure).</summary>
    private sealed record Sample(double Minutes, double HostMb, double ChromiumMb, int ChromiumProcesses, double XMb, double HostAloneMb, double ChromiumAloneMb, double BoxAloneMb,
        double HostUsedMb, double ChromiumUsedMb, double HostAnonMb, double ChromiumAnonMb, BudgetSample? Budget)
    {
        public double BoxUsedMb => HostUsedMb + ChromiumUsedMb;
    }

    /// <summary>What the two memory groups held, and the major faults in them so far (both groups).</summary>
    private sealed record BudgetSample(double HostGroupMb, double BoardGroupMb, long MajorFaults);

    public static async Task<string> RunAsync(Settings settings)
    {
        var culture = CultureInfo.InvariantCulture;
        // The signal is taken over from the start (the in-process controller's host would take it and the bench go on
        // without it): before the shell runs, the set-up stops at its next step; after, the sampling loop ends. Either way
        // the run unwinds through its finally blocks, so processes and memory groups are removed too.
        using var aborted = new CancellationTokenSource();
        Action? stopShell = null;
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            Volatile.Read(ref stopShell)?.Invoke();
            aborted.Cancel();
        }
        using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        await using var controller = ControllerHost.Start("soak", demo: true);
        using var admin = await controller.AdminAsync();
        var kioskDll = settings.KioskDll;
        if (settings.Budget is not null)
        {
            kioskDll ??= PublishSelfContainedKiosk();
            aborted.Token.ThrowIfCancellationRequested();
            MemoryBudget.DropPageCache();
        }
        // Declared before the processes in them, so they are removed after those have stopped.
        using var hostBudget = settings.Budget is { } hostMb ? MemoryBudget.Create($"signagekiosk-soak-{settings.Label}-host", hostMb.HostMb * 1024L * 1024) : null;
        using var boardBudget = settings.Budget is { } boardMb ? MemoryBudget.Create($"signagekiosk-soak-{settings.Label}-board", boardMb.BoardMb * 1024L * 1024) : null;
        // The product's own settings (heartbeat every 30 s, idle return and attract loop on), only quieter logs.
        await using var kiosk = new KioskProcess("soak", controller.Url, controller.DemoKioskCredential("kiosk-lobby"), new()
        {
            ["Kiosk:HeartbeatInterval"] = "00:00:30",
            ["Kiosk:ReconnectInitialDelay"] = "00:00:01",
            ["Kiosk:ReconnectMaxDelay"] = "00:01:00",
            ["Kiosk:MediaRetryInterval"] = "00:00:10",
            ["Logging:LogLevel:Default"] = "Warning",
        })
        {
            Dll = kioskDll,
            StartTimeout = TimeSpan.FromMinutes(3),
            Supervised = hostBudget is not null,
            Wrapper = hostBudget?.Wrapper ?? [],
        };
        // SIGNAGEKIOSK_SOAK_HOST_ENV="NAME=value;…": runtime settings to try on the host without rebuilding it.
        foreach (var (name, value) in EnvironmentList.Parse(Environment.GetEnvironmentVariable("SIGNAGEKIOSK_SOAK_HOST_ENV"), "SIGNAGEKIOSK_SOAK_HOST_ENV"))
        {
            kiosk.Environment[name] = value;
        }
        await kiosk.StartAsync();
        await kiosk.WaitForSeqAsync(await admin.HeadAsync());
        aborted.Token.ThrowIfCancellationRequested();
        var launched = kiosk.ProcessId ?? throw new InvalidOperationException("the kiosk host is not running");
        // Under its supervisor (kiosk-launch) the host is the supervisor's child.
        var hostPid = Descendants(launched).FirstOrDefault(pid => Command(pid)?.StartsWith("SignageKiosk", StringComparison.Ordinal) == true) is var child and > 0 ? child : launched;

        var display = Enumerable.Range(70, 30).First(n => !File.Exists($"/tmp/.X{n}-lock") && !File.Exists($"/tmp/.X11-unix/X{n}"));
        var profile = Repo.TempDirectory("soak-profile");
        // A copy: bash reads a script as it goes, and the script in the checkout may be edited during a long run.
        var script = Path.Combine(Repo.TempDirectory("soak-shell"), "start-kiosk.sh");
        File.Copy(settings.ShellScript ?? Path.Combine(Repo.Root, "kiosk", "shell", "start-kiosk.sh"), script);
        var hostRuntime = HostRuntime(kioskDll ?? Repo.KioskDll);
        // With budgets the X server is started here, outside both groups, as a display manager's is on a box; the shell
        // (its window manager and Chromium) runs in the board's group, as the X session's scope does.
        using var x = boardBudget is null ? null : StartXvfb(display);
        var shellCommand = boardBudget is null
            ? ["bash", script, "--xvfb", "1920x1080", "--display", $":{display}", "--url", kiosk.Url + "/", "--profile", profile]
            : boardBudget.Wrapper.Concat(["bash", script, "--display", $":{display}", "--url", kiosk.Url + "/", "--profile", profile]).ToList();
        var start = new ProcessStartInfo(shellCommand[0]) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in shellCommand.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }
        using var shell = Process.Start(start)!;
        // The shell restarts Chromium whenever it exits: a bench stopped without stopping it leaves a board restarting on
        // the display for good.
        var stopped = 0;
        void StopShell()
        {
            if (Interlocked.Exchange(ref stopped, 1) == 1)
            {
                return;
            }
            if (!shell.HasExited)
            {
                Process.Start("kill", ["-TERM", shell.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
                if (!shell.WaitForExit(20_000))
                {
                    shell.Kill(entireProcessTree: true);
                }
            }
            foreach (var pid in ChromiumPids(-1, profile))
            {
                try
                {
                    Process.GetProcessById(pid).Kill();
                }
                catch (ArgumentException)
                {
                }
            }
            if (x is { HasExited: false })
            {
                x.Kill();
                x.WaitForExit();
            }
        }
        Volatile.Write(ref stopShell, StopShell);
        if (aborted.IsCancellationRequested)
        {
            StopShell(); // the signal came while the shell was starting
        }
        var shellLog = new StringBuilder();
        shell.ErrorDataReceived += (_, e) => { lock (shellLog) { shellLog.AppendLine(e.Data); } };
        shell.OutputDataReceived += (_, e) => { lock (shellLog) { shellLog.AppendLine(e.Data); } };
        shell.BeginErrorReadLine();
        shell.BeginOutputReadLine();

        var samples = new List<Sample>();
        var edits = 0;
        var editFailures = 0;
        var browserStarts = new HashSet<int>();
        string browserFlags = "";
        try
        {
            var browser = await Eventually.Until(() => Task.FromResult(BrowserPid(profile)), pid => pid is not null, "Chromium to start in kiosk mode", TimeSpan.FromSeconds(60));
            browserStarts.Add(browser!.Value);
            browserFlags = string.Join(' ', File.ReadAllText($"/proc/{browser}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Where(a => a.StartsWith("--", StringComparison.Ordinal) && !a.StartsWith("--user-data-dir=", StringComparison.Ordinal)));
            // The board page is up once it reports to its host (proof of display, every 10 s and at once).
            using (var local = new HttpClient { BaseAddress = new Uri(kiosk.Url), Timeout = TimeSpan.FromSeconds(10) })
            {
                await Eventually.Until(async () => JsonNode.Parse(await local.GetStringAsync("/display"))!["pages"]!.GetValue<int>(),
                    pages => pages > 0, "the board page in the kiosk shell to report to its host", TimeSpan.FromSeconds(60), 500);
            }

            var watch = Stopwatch.StartNew();
            var duration = TimeSpan.FromMinutes(settings.Minutes);
            using var stop = new CancellationTokenSource();
            long lastSeq = 0;
            var editing = Task.Run(async () =>
            {
                using var timer = new PeriodicTimer(settings.EditEvery);
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        await timer.WaitForNextTickAsync(stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                    try
                    {
                        Interlocked.Exchange(ref lastSeq, await admin.EditDemoHotlineAsync(Number(edits)));
                        Interlocked.Increment(ref edits);
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        Interlocked.Increment(ref editFailures);
                    }
                }
            });

            while (true)
            {
                if (BrowserPid(profile) is { } current)
                {
                    browserStarts.Add(current);
                }
                var chromium = ChromiumPids(shell.Id, profile);
                var xPids = Descendants(shell.Id).Where(pid => Command(pid) is "Xvfb" or "matchbox-window-manager").Concat(x is null ? [] : [x.Id]).ToList();
                var budgetSample = hostBudget is null || boardBudget is null ? null
                    : new BudgetSample(hostBudget.UsageMb, boardBudget.UsageMb, hostBudget.MajorFaults + boardBudget.MajorFaults);
                var sample = new Sample(watch.Elapsed.TotalMinutes, PssMb(hostPid), chromium.Sum(PssMb), chromium.Count, xPids.Sum(PssMb),
                    Alone([hostPid]), Alone(chromium), Alone([hostPid, .. chromium]), UsedMb(hostPid), chromium.Sum(UsedMb),
                    AnonMb(hostPid), chromium.Sum(AnonMb), budgetSample);
                samples.Add(sample);
                Console.WriteLine(string.Create(culture,
                    $"{sample.Minutes,6:F1} min  PSS: host {sample.HostMb,6:F1} MB  chromium {sample.ChromiumMb,6:F1} MB ({sample.ChromiumProcesses} processes)  total {sample.HostMb + sample.ChromiumMb,6:F1} MB  X {sample.XMb,5:F1} MB | alone: host {sample.HostAloneMb,6:F1}  chromium {sample.ChromiumAloneMb,6:F1}  box {sample.BoxAloneMb,6:F1} MB | used since the last sample: box {sample.BoxUsedMb,6:F1} MB | anonymous: host {sample.HostAnonMb,6:F1}  chromium {sample.ChromiumAnonMb,6:F1} MB | edits {edits} (failed {editFailures})")
                    + (budgetSample is { } b ? string.Create(culture, $" | groups: host {b.HostGroupMb:F1} board {b.BoardGroupMb:F1} MB, major faults {b.MajorFaults}") : ""));
                if (watch.Elapsed >= duration)
                {
                    break;
                }
                var next = TimeSpan.FromTicks(settings.SampleEvery.Ticks * samples.Count);
                await Task.Delay(next > watch.Elapsed ? next - watch.Elapsed : TimeSpan.Zero, aborted.Token);
            }
            await stop.CancelAsync();
            await editing;

            // The board followed the edits: the kiosk holds the last one, and Chromium on the X screen repaints the
            // property hotline's number (in the side zone, always in view) when it changes, and back.
            await kiosk.WaitForSeqAsync(Interlocked.Read(ref lastSeq));
            var lastNumber = Number(edits - 1);
            var hostBoard = await kiosk.BoardAsync();
            if (!hostBoard.Contains(lastNumber, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"the kiosk's board does not show the last edit ({lastNumber})");
            }
            var painted = await CheckScreenFollowsEditsAsync(admin, kiosk, display, lastNumber);
            var budgets = hostBudget is null || boardBudget is null ? null : new Budgets(hostBudget, boardBudget, hostBudget.OomKills + boardBudget.OomKills);
            var section = Report(settings, samples, edits, editFailures, browserStarts.Count, browserFlags, hostRuntime, painted, budgets);
            return section;
        }
        finally
        {
            StopShell();
            lock (shellLog)
            {
                if (Environment.GetEnvironmentVariable("SIGNAGEKIOSK_SOAK_VERBOSE") == "1")
                {
                    Console.WriteLine(shellLog.ToString());
                }
            }
        }
    }

    private static string Number(int edit) => string.Create(CultureInfo.InvariantCulture, $"0536-8{edit % 1_000_000:D6}");

    /// <summary>
    /// Finds where the board draws the property hotline's number (a headless Chromium on the same board, same size),
    /// then crops that box from the X screen: it must change when the number changes and come back when it is put back.
    /// </summary>
    private static async Task<Painted> CheckScreenFollowsEditsAsync(HttpClient admin, KioskProcess kiosk, int display, string shownNumber)
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        ElementHandleBoundingBoxResult box;
        try
        {
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } });
            await page.GotoAsync(kiosk.Url + "/?proof=off");
            box = (await (await page.WaitForSelectorAsync(DemoHotline.NumberSelector))!.BoundingBoxAsync())!;
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
        var crop = string.Create(CultureInfo.InvariantCulture, $"{Math.Ceiling(box.Width) + 8}x{Math.Ceiling(box.Height) + 8}+{Math.Max(0, Math.Floor(box.X) - 4)}+{Math.Max(0, Math.Floor(box.Y) - 4)}");
        var directory = Repo.TempDirectory("soak-screens");
        string Grab(string name)
        {
            var png = Path.Combine(directory, name + ".png");
            Run("import", "-display", $":{display}", "-window", "root", "-crop", crop, "+repage", png);
            return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Run("convert", png, "-depth", "8", "rgba:-")));
        }
        var before = Grab("shown");
        var changed = "0536-8999999";
        // Timed from the edit's PUT to a grab that shows it (a grab takes some 100 ms): a figure, never asserted.
        var watch = Stopwatch.StartNew();
        var seq = await admin.EditDemoHotlineAsync(changed);
        await kiosk.WaitForSeqAsync(seq);
        await Eventually.Until(() => Task.FromResult(Grab("changed")), hash => hash != before, $"the number on the X screen to change to {changed}", TimeSpan.FromSeconds(20), 300);
        var changedAfter = watch.Elapsed;
        watch.Restart();
        seq = await admin.EditDemoHotlineAsync(shownNumber);
        await kiosk.WaitForSeqAsync(seq);
        await Eventually.Until(() => Task.FromResult(Grab("back")), hash => hash == before, $"the number on the X screen to be {shownNumber} again", TimeSpan.FromSeconds(20), 300);
        var backAfter = watch.Elapsed;
        Run("import", "-display", $":{display}", "-window", "root", Path.Combine(directory, "screen.png"));
        Console.WriteLine($"screens: {directory}");
        return new Painted(crop, changedAfter, backAfter);
    }

    /// <summary>Where the screen check looked, and how long after each of its two edits the X screen showed it.</summary>
    private sealed record Painted(string Crop, TimeSpan Changed, TimeSpan Back);

    private sealed record Budgets(MemoryBudget Host, MemoryBudget Board, long OomKills);

    /// <summary>The kiosk host as the package ships it: published self-contained for this machine (docs/packaging.md).</summary>
    private static string PublishSelfContainedKiosk()
    {
        var output = Repo.TempDirectory("soak-kiosk-published");
        var rid = System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.Arm64 ? "linux-arm64" : "linux-x64";
        Console.WriteLine($"publishing the kiosk host self-contained for {rid} (as packaging/build-debs.sh does) to {output}");
        var publish = Process.Start(new ProcessStartInfo("dotnet", ["publish", Path.Combine(Repo.Root, "kiosk", "SignageKiosk.Kiosk.csproj"), "-c", "Release", "-r", rid,
            "--self-contained", "-o", output, "-nologo", "-v", "quiet"]) { RedirectStandardOutput = true })!;
        var said = publish.StandardOutput.ReadToEnd();
        publish.WaitForExit();
        return publish.ExitCode == 0 ? Path.Combine(output, "SignageKiosk.Kiosk.dll") : throw new InvalidOperationException("dotnet publish of the kiosk host failed:\n" + said);
    }

    /// <summary>An X server of the board's size on the display, outside the budgets; stopped when disposed.</summary>
    private static Process StartXvfb(int display)
    {
        var xvfb = Process.Start(new ProcessStartInfo("Xvfb", [$":{display}", "-screen", "0", "1920x1080x24", "-nolisten", "tcp", "-nocursor"]) { RedirectStandardError = true })!;
        xvfb.BeginErrorReadLine();
        var socket = $"/tmp/.X11-unix/X{display}";
        for (var i = 0; i < 100 && !File.Exists(socket); i++)
        {
            Thread.Sleep(100);
        }
        return File.Exists(socket) ? xvfb : throw new InvalidOperationException($"Xvfb on :{display} did not come up within 10 s");
    }

    private static byte[] Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        using var output = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        return output.ToArray();
    }

    private static string Report(Settings settings, List<Sample> samples, int edits, int editFailures, int browserStarts, string browserFlags, string hostRuntime, Painted painted, Budgets? budgets)
    {
        var culture = CultureInfo.InvariantCulture;
        var report = new StringBuilder();
        var total = samples.Select(s => s.HostMb + s.ChromiumMb).ToList();
        var half = samples.Where(s => s.Minutes >= samples[^1].Minutes / 2).ToList();
        report.AppendLine(string.Create(culture, $"## A station box's memory over time: {settings.Label} ({settings.Minutes:0.#} minutes)"));
        report.AppendLine();
        report.AppendLine("Reproduce with:");
        report.AppendLine();
        report.AppendLine("```");
        var before = (settings.KioskDll is { } dll ? $"SIGNAGEKIOSK_KIOSK_BEFORE_DLL={dll} " : "") + (settings.ShellScript is { } shell ? $"SIGNAGEKIOSK_SHELL_BEFORE={shell} " : "");
        report.AppendLine($"dotnet build SignageKiosk.sln -c Release && {before}dotnet run -c Release --project tests/SignageKiosk.Bench -- {settings.Command}");
        report.AppendLine("```");
        report.AppendLine();
        report.AppendLine(BenchMachine.Describe() + " The machine is shared with other builds and test runs; memory is what is measured here, not time.");
        report.AppendLine();
        report.AppendLine(string.Create(culture,
            $"Setup: one controller (in-process, real Kestrel on 127.0.0.1, SQLite, the demo community), one kiosk host process (LiteDB, product settings: heartbeat 30 s, idle return and attract loop on) and the real kiosk shell `kiosk/shell/start-kiosk.sh {(budgets is null ? "--xvfb 1920x1080" : "--display :N")}` showing its board{(budgets is null ? "" : " on a 1920×1080 Xvfb started beside it")}. The property hotline is edited through `PUT /api/hotlines/{DemoHotline.Id}` every {settings.EditEvery.TotalSeconds:0.#} s ({edits} edits, {editFailures} failed); every {settings.SampleEvery.TotalSeconds:0} s the PSS (`/proc/PID/smaps_rollup`) of the kiosk host and of every Chromium process (the shell's process tree and anything on Chromium's profile) is read, and the distinct physical pages they map (below)."));
        report.AppendLine();
        report.AppendLine(string.Create(culture,
            $"Checked at the end: the kiosk holds the last edit, and the number on the X screen (crop {painted.Crop} of the screen, where the side zone draws the property hotline) changes with an edit ({painted.Changed.TotalSeconds:F1} s from the edit's `PUT` to a grab of the screen showing it) and comes back when it is put back ({painted.Back.TotalSeconds:F1} s). Chromium was started {browserStarts} time(s) by the shell (1 = never crashed or restarted)."));
        report.AppendLine();
        report.AppendLine("PSS as read is shared with whatever else maps the same files: other Chromium and .NET processes on this shared machine (other helpers' tests, the controller in this process, a soak running beside this one) take their share of Chromium's and .NET's code pages, so it moves with what else runs. \"Alone\" is what the same processes would take on a box of their own: the distinct physical pages they have mapped (from /proc/PID/pagemap), each counted once however many of them map it, none given away to the neighbours. It does not move with what else runs, and it is the figure to hold against a box's memory (on a box with nothing else running Chromium or .NET, PSS comes to about the same).");
        report.AppendLine();
        report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"\"Used\" is the working set: the pages the processes touched since the sample before ({settings.SampleEvery.TotalSeconds:0} s), read as `Referenced` in `/proc/PID/smaps_rollup` after `/proc/PID/clear_refs` had cleared the accessed bits at that sample (the way wss tools measure it; it changes what the kernel knows about recent use, not what the processes do). Resident pages not touched in that time, mostly code that ran once at start, are clean file pages a box short of memory drops and reads again if they are needed. It is summed over the processes, so a page two Chromium processes touched counts twice: an upper bound."));
        report.AppendLine();
        report.AppendLine("\"Anonymous\" is the PSS of anonymous and shared memory (`Pss_Anon` + `Pss_Shmem`): heaps, JIT'd code, Chromium's shared memory, which a box without swap cannot drop, unlike clean file pages (code, fonts) that it reads again when they are needed. Memory a process leaks grows here.");
        report.AppendLine();
        report.AppendLine("| minute | host PSS | Chromium PSS | host + Chromium PSS | host alone | Chromium alone | host + Chromium alone | host + Chromium used | host anonymous | Chromium anonymous | Chromium processes | Xvfb + WM PSS |");
        report.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        var marks = new List<Sample>();
        for (var minute = 0.0; minute <= samples[^1].Minutes + 0.01; minute += 5)
        {
            var nearest = samples.MinBy(s => Math.Abs(s.Minutes - minute))!;
            if (!marks.Contains(nearest))
            {
                marks.Add(nearest);
            }
        }
        if (!marks.Contains(samples[^1]))
        {
            marks.Add(samples[^1]);
        }
        foreach (var s in marks)
        {
            report.AppendLine(string.Create(culture, $"| {s.Minutes:F1} | {s.HostMb:F1} | {s.ChromiumMb:F1} | {s.HostMb + s.ChromiumMb:F1} | {s.HostAloneMb:F1} | {s.ChromiumAloneMb:F1} | {s.BoxAloneMb:F1} | {s.BoxUsedMb:F1} | {s.HostAnonMb:F1} | {s.ChromiumAnonMb:F1} | {s.ChromiumProcesses} | {s.XMb:F1} |"));
        }
        report.AppendLine(string.Create(culture,
            $"| **max** | {samples.Max(s => s.HostMb):F1} | {samples.Max(s => s.ChromiumMb):F1} | {total.Max():F1} | {samples.Max(s => s.HostAloneMb):F1} | {samples.Max(s => s.ChromiumAloneMb):F1} | {samples.Max(s => s.BoxAloneMb):F1} | {samples.Skip(1).DefaultIfEmpty(samples[0]).Max(s => s.BoxUsedMb):F1} | {samples.Max(s => s.HostAnonMb):F1} | {samples.Max(s => s.ChromiumAnonMb):F1} | {samples.Max(s => s.ChromiumProcesses)} | {samples.Max(s => s.XMb):F1} |"));
        report.AppendLine(string.Create(culture,
            $"| **mean of the last half** | {half.Average(s => s.HostMb):F1} | {half.Average(s => s.ChromiumMb):F1} | {half.Average(s => s.HostMb + s.ChromiumMb):F1} | {half.Average(s => s.HostAloneMb):F1} | {half.Average(s => s.ChromiumAloneMb):F1} | {half.Average(s => s.BoxAloneMb):F1} | {half.Average(s => s.BoxUsedMb):F1} | {half.Average(s => s.HostAnonMb):F1} | {half.Average(s => s.ChromiumAnonMb):F1} | | |"));
        report.AppendLine();
        report.AppendLine(string.Create(culture,
            $"Slope over the last half ({half.Count} samples from minute {half[0].Minutes:F1}, least squares), in MB/hour: kiosk host {Slope(half, s => s.HostAloneMb):+0.0;-0.0} alone ({Slope(half, s => s.HostMb):+0.0;-0.0} PSS), Chromium {Slope(half, s => s.ChromiumAloneMb):+0.0;-0.0} alone ({Slope(half, s => s.ChromiumMb):+0.0;-0.0} PSS), host + Chromium {Slope(half, s => s.BoxAloneMb):+0.0;-0.0} alone ({Slope(half, s => s.HostMb + s.ChromiumMb):+0.0;-0.0} PSS); anonymous: host {Slope(half, s => s.HostAnonMb):+0.0;-0.0}, Chromium {Slope(half, s => s.ChromiumAnonMb):+0.0;-0.0}."));
        report.AppendLine();
        report.AppendLine("Every sample (minute: host alone / Chromium alone / together alone / together used / host anonymous / Chromium anonymous, MB): " + string.Join(", ", samples.Select(s => string.Create(culture, $"{s.Minutes:F1}: {s.HostAloneMb:F0}/{s.ChromiumAloneMb:F0}/{s.BoxAloneMb:F0}/{s.BoxUsedMb:F0}/{s.HostAnonMb:F0}/{s.ChromiumAnonMb:F0}"))) + ".");
        report.AppendLine();
        if (budgets is not null)
        {
            AppendBudgets(report, settings, samples, budgets);
        }
        report.AppendLine("Settings used:");
        report.AppendLine();
        report.AppendLine($"- Chromium (the browser process's flags): `{browserFlags}`");
        report.AppendLine($"- kiosk host runtime: {hostRuntime}" + (Environment.GetEnvironmentVariable("SIGNAGEKIOSK_SOAK_HOST_ENV") is { Length: > 0 } extra ? $", and in its environment `{extra}`" : ""));
        return report.ToString();
    }

    private static void AppendBudgets(StringBuilder report, Settings settings, List<Sample> samples, Budgets budgets)
    {
        var culture = CultureInfo.InvariantCulture;
        report.AppendLine(string.Create(culture,
            $"**Memory budgets** ([decision 0060](decisions/0060-a-station-box-in-memory-budgets.md)): the box ran as installed, the kiosk host published self-contained under its supervisor `kiosk-launch` in a group {Limit(budgets.Host)}, the kiosk shell (its window manager and Chromium) in a group {Limit(budgets.Board)}, the X server outside both (a display manager's X is not the session's); a limit is {budgets.Board.Kind}. The page cache was dropped before the host started, so each group is charged for the code pages its processes read. Processes killed for want of memory in either group: **{budgets.OomKills}**."));
        report.AppendLine();
        report.AppendLine("| minute | host group | board group | major faults since the sample before | per second |");
        report.AppendLine("| ---: | ---: | ---: | ---: | ---: |");
        var budgeted = samples.Where(s => s.Budget is not null).ToList();
        for (var i = 0; i < budgeted.Count; i++)
        {
            var s = budgeted[i];
            if (i % 10 != 0 && i != budgeted.Count - 1)
            {
                continue;
            }
            var previous = i == 0 ? null : budgeted[i - 1];
            var faults = s.Budget!.MajorFaults - (previous?.Budget!.MajorFaults ?? 0);
            var seconds = previous is null ? double.NaN : (s.Minutes - previous.Minutes) * 60;
            report.AppendLine(string.Create(culture, $"| {s.Minutes:F1} | {s.Budget.HostGroupMb:F1} MB | {s.Budget.BoardGroupMb:F1} MB | {faults} | {(previous is null ? "–" : (faults / seconds).ToString("F1", culture))} |"));
        }
        var half = budgeted.Where(s => s.Minutes >= budgeted[^1].Minutes / 2).ToList();
        if (half.Count >= 2)
        {
            var rate = (half[^1].Budget!.MajorFaults - half[0].Budget!.MajorFaults) / ((half[^1].Minutes - half[0].Minutes) * 60);
            report.AppendLine();
            report.AppendLine(string.Create(culture, $"Major faults over the last half: {rate:F1} a second (pages read back from disk, 4 KB each: {rate * 4:F0} KB/s)."));
        }
        report.AppendLine();
    }

    private static string Limit(MemoryBudget budget) => budget.Bytes is { } bytes ? $"of {bytes / 1048576} MB" : "without a limit (it only counts)";

    /// <summary>MB per hour, by least squares over the samples given.</summary>
    private static double Slope(List<Sample> samples, Func<Sample, double> value)
    {
        if (samples.Count < 2)
        {
            return double.NaN;
        }
        var mx = samples.Average(s => s.Minutes);
        var my = samples.Average(value);
        var sxy = samples.Sum(s => (s.Minutes - mx) * (value(s) - my));
        var sxx = samples.Sum(s => (s.Minutes - mx) * (s.Minutes - mx));
        return sxx == 0 ? double.NaN : sxy / sxx * 60;
    }

    /// <summary>The GC and JIT settings the kiosk host ran with, from its runtimeconfig.json.</summary>
    private static string HostRuntime(string dll)
    {
        var path = Path.ChangeExtension(dll, ".runtimeconfig.json");
        var properties = JsonNode.Parse(File.ReadAllText(path))?["runtimeOptions"]?["configProperties"]?.AsObject();
        var relevant = properties?.Where(p => p.Key.StartsWith("System.GC.", StringComparison.Ordinal) || p.Key.StartsWith("System.Runtime.TieredCompilation", StringComparison.Ordinal)
            || p.Key.StartsWith("System.Runtime.TieredPGO", StringComparison.Ordinal)).Select(p => $"`{p.Key}={p.Value?.ToJsonString()}`").ToList() ?? [];
        return relevant.Count == 0 ? "the runtime's defaults (no GC or JIT settings in its runtimeconfig.json)" : string.Join(", ", relevant) + " (runtimeconfig.json)";
    }

    /// <summary>
    /// What these processes would take on a box of their own, in MB: the distinct physical pages they have mapped
    /// (from /proc/PID/pagemap, which needs root for the page frame numbers), each counted once however many of them
    /// map it, and none given away to other processes on the machine that map the same files.
    /// </summary>
    private static double Alone(IEnumerable<int> pids)
    {
        var frames = new HashSet<long>();
        var buffer = new byte[8 * 65536];
        foreach (var pid in pids.Distinct())
        {
            try
            {
                using var pagemap = new FileStream($"/proc/{pid}/pagemap", FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
                foreach (var (start, end) in ResidentRanges(pid))
                {
                    for (var page = start / PageSize; page < end / PageSize;)
                    {
                        var count = (int)Math.Min(65536, end / PageSize - page);
                        pagemap.Position = page * 8;
                        pagemap.ReadExactly(buffer, 0, count * 8);
                        for (var i = 0; i < count; i++)
                        {
                            var entry = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(buffer.AsSpan(i * 8));
                            if ((entry >> 63) != 0)
                            {
                                var frame = (long)(entry & ((1UL << 55) - 1));
                                frames.Add(frame != 0 ? frame : throw new InvalidOperationException("/proc/PID/pagemap hides page frame numbers: run the soak as root"));
                            }
                        }
                        page += count;
                    }
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return frames.Count * (double)PageSize / 1024 / 1024;
    }

    private static readonly long PageSize = Environment.SystemPageSize;

    /// <summary>The mappings with pages in memory: V8 and the GC reserve gigabytes of address space they never touch.</summary>
    private static List<(long Start, long End)> ResidentRanges(int pid)
    {
        var ranges = new List<(long, long)>();
        (long Start, long End)? current = null;
        foreach (var line in File.ReadLines($"/proc/{pid}/smaps"))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 5 && fields[0].Contains('-') && !fields[0].EndsWith(':'))
            {
                var range = fields[0].Split('-');
                current = fields.Length > 5 && fields[5] == "[vsyscall]" ? null : (Convert.ToInt64(range[0], 16), Convert.ToInt64(range[1], 16));
            }
            else if (current is { } mapping && line.StartsWith("Rss:", StringComparison.Ordinal) && Kb(line) > 0)
            {
                ranges.Add(mapping);
            }
        }
        return ranges;
    }

    private static long Kb(string line) => long.Parse(line[(line.IndexOf(':') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);

    /// <summary>
    /// MB of pages the process touched since the last call (or since it started, the first time): smaps_rollup's
    /// Referenced, then clear_refs (root, as for pagemap) so the next call counts afresh. 0 when it has gone.
    /// </summary>
    private static double UsedMb(int pid)
    {
        try
        {
            var referenced = RollupMb(pid, "Referenced");
            File.WriteAllText($"/proc/{pid}/clear_refs", "1");
            return referenced;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private static double PssMb(int pid) => RollupMb(pid, "Pss");

    /// <summary>
    /// The process's share of anonymous and shared memory (heaps, JIT'd code, Chromium's shared memory): what no reclaim
    /// can drop on a box without swap, unlike its clean file pages. A leak shows here.
    /// </summary>
    private static double AnonMb(int pid) => RollupMb(pid, "Pss_Anon") + RollupMb(pid, "Pss_Shmem");

    /// <summary>One field of /proc/PID/smaps_rollup in MB; 0 when the process has gone.</summary>
    private static double RollupMb(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/smaps_rollup"))
            {
                if (line.StartsWith(field + ":", StringComparison.Ordinal))
                {
                    return Kb(line) / 1024.0;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return 0;
    }

    private static string? Command(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static IEnumerable<int> AllPids() =>
        Directory.GetDirectories("/proc").Select(Path.GetFileName).Select(n => int.TryParse(n, out var pid) ? pid : 0).Where(pid => pid > 0);

    private static int Parent(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static List<int> Descendants(int root)
    {
        var children = AllPids().GroupBy(Parent).ToDictionary(g => g.Key, g => g.ToList());
        var result = new List<int>();
        var queue = new Queue<int>([root]);
        while (queue.Count > 0)
        {
            foreach (var child in children.GetValueOrDefault(queue.Dequeue(), []))
            {
                result.Add(child);
                queue.Enqueue(child);
            }
        }
        return result;
    }

    /// <summary>Every Chromium process: the shell's descendants that are not X, the window manager or a sleep, and
    /// anything else on this profile (the crash handler detaches from the tree).</summary>
    private static List<int> ChromiumPids(int shell, string profile)
    {
        var inTree = shell > 0 ? Descendants(shell) : [];
        return inTree.Concat(AllPids().Where(pid => CommandLine(pid).Contains(profile, StringComparison.Ordinal))).Distinct()
            .Where(pid => Command(pid) is not ("Xvfb" or "matchbox-window-manager" or "sleep" or "bash" or "xset" or null)).ToList();
    }

    private static int? BrowserPid(string profile) =>
        AllPids().Where(pid => CommandLine(pid) is var line && line.Contains("--user-data-dir=" + profile, StringComparison.Ordinal)
            && line.Contains("--kiosk", StringComparison.Ordinal) && !line.Contains("--type=", StringComparison.Ordinal)).Order().Cast<int?>().FirstOrDefault();
}
