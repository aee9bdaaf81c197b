using System.Diagnostics;
using System.Globalization;
using System.Text;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Notices;
using SignageKiosk.Simulator;
using SignageKiosk.Simulator.Controller;
using SignageKiosk.Simulator.Fleet;
using SignageKiosk.Simulator.Kiosks;
using SignageKiosk.Simulator.Measure;

namespace SignageKiosk.Bench;

/// <summary>
/// The controller under city-scale load: a real controller process (Release, production settings) and up to
/// 10,000 simulated kiosks in this process over loopback, on the same machine. Returns its section of
/// docs/benchmarks.md. Every wait is bounded; a phase that times out is reported, not hidden.
/// </summary>
public static class LoadBenchmark
{
    public sealed record Settings
    {
        public int Kiosks { get; init; } = 10_000;
        public int Publishes { get; init; } = 100;
        public int CatchUpChanges { get; init; } = 10_000;
        public TimeSpan IdleWindow { get; init; } = TimeSpan.FromSeconds(30);
        public string? DataDirectory { get; init; }
        /// <summary>Kiosks take and confirm a new credential on every Hello, as real ones do; on a fleet registered afresh for the run.</summary>
        public bool RotateCredentials { get; init; }
        /// <summary>Kiosks shake hands as before decision 0055: a CatchUp after Hello, and a rotated credential confirmed over HTTP.</summary>
        public bool OlderKiosks { get; init; }
        public string Command { get; init; } = "";
    }

    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;
    private static readonly TimeSpan AckTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PhaseTimeout = TimeSpan.FromMinutes(10);

    public static async Task<string> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        var shape = new FleetShape { Kiosks = settings.Kiosks }.Validated();
        var data = settings.DataDirectory ?? SimulatorMain.DefaultDataDirectory(shape) + (settings.RotateCredentials ? "-rotating" : "");
        if (settings.RotateCredentials && settings.DataDirectory is null && Directory.Exists(data))
        {
            // Rotated credentials retire the registered ones: a rotating run always registers its fleet afresh.
            Directory.Delete(data, recursive: true);
        }
        var fileLimit = FileLimit.Raise((ulong)settings.Kiosks + 4096);
        var report = new LoadReport(settings, shape, data, fileLimit) { ControllerBuild = DescribeControllerBuild() };
        Log($"load benchmark: {settings.Kiosks} kiosks, controller data in {data}, open-file limit {fileLimit}");

        // Register the fleet once (reused between runs), then measure on a freshly started controller.
        FleetProvisioner.Provisioned provisioned;
        await using (var setup = await ControllerProcess.StartAsync(data, cancellationToken: cancellationToken))
        {
            using var setupApi = await setup.AdminAsync(cancellationToken);
            provisioned = await new FleetProvisioner(setupApi, data, Log).EnsureAsync(shape, cancellationToken);
        }
        report.Provisioned = provisioned;
        Log(provisioned.KiosksCreated > 0 ? $"registered {provisioned.KiosksCreated} kiosks in {provisioned.Took.TotalSeconds:F1} s" : "fleet reused");

        var controller = await ControllerProcess.StartAsync(data, cancellationToken: cancellationToken);
        // Replaced when the controller is restarted: a new process, a new sampler.
        var samplers = new SamplerSlot(new ProcessSampler(controller.Pid));
        var sampler = samplers.Current;
        await using var self = new ProcessSampler(Environment.ProcessId);
        var fleet = new SimulatedFleet(controller.Url, new KioskBehaviour
        {
            RotateCredentials = settings.RotateCredentials,
            CatchUpInHello = !settings.OlderKiosks,
            ConfirmOverHub = !settings.OlderKiosks,
        });
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
            report.Baseline = sampler.Figures(sampler.Now - TimeSpan.FromSeconds(3), sampler.Now);
            using var api = await controller.AdminAsync(cancellationToken);
            var kiosks = provisioned.Layout.Kiosks.Select(plan => fleet.Add(plan.Kiosk.Id, provisioned.Credentials[plan.Kiosk.Id])).ToList();

            var sizes = new[] { 100, 1_000, 10_000 }.Where(s => s < settings.Kiosks).Append(settings.Kiosks).Distinct().ToList();
            var started = 0;
            foreach (var size in sizes)
            {
                Log($"connecting kiosks {started + 1}-{size}");
                sampler.Take();
                var from = sampler.Now;
                var took = await fleet.StartAsync(kiosks.Take(size), 200, PhaseTimeout, cancellationToken);
                sampler.Take();
                report.Connects.Add(new LoadReport.Connect(started, size, took, sampler.Figures(from, sampler.Now)));
                Log($"  in sync after {took.TotalSeconds:F1} s; {fleet.Totals()}");
                started = size;
                await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
                report.Publishes.Add(await PublishSeriesAsync($"{size:N0} connected, the whole district targeted", api, fleet, sampler, self,
                    kiosks.Take(size).ToList(), FleetLayout.DistrictId, "bench-load-all", settings.Publishes, cancellationToken));
            }

            report.RecordsPerKiosk = kiosks.Average(k => k.Cache.ItemCount);
            Log($"idle for {settings.IdleWindow.TotalSeconds:F0} s");
            var idleFrom = sampler.Now;
            var selfIdleFrom = self.Now;
            await Task.Delay(settings.IdleWindow, cancellationToken);
            sampler.Take();
            report.Idle = sampler.Figures(idleFrom, sampler.Now);
            report.SimulatorIdle = self.Figures(selfIdleFrom, self.Now);
            report.IdleThreads = ProcStat.Read(controller.Pid)?.Threads ?? 0;
            report.IdleTotals = fleet.Totals();
            Log($"  controller RSS {report.Baseline.LastRssBytes / 1048576.0:F1} MB before, {report.Idle.LastRssBytes / 1048576.0:F1} MB idle with {settings.Kiosks} kiosks "
                + $"({(report.Idle.LastRssBytes - report.Baseline.LastRssBytes) / 1024.0 / settings.Kiosks:F1} KB each), CPU {report.Idle.MeanCores:F2} cores, {report.IdleThreads} threads; "
                + $"simulator CPU {report.SimulatorIdle.MeanCores:F2} cores, RSS {report.SimulatorIdle.LastRssBytes / 1048576.0:F0} MB");

            var building = FleetLayout.BuildingId(0);
            var inBuilding = kiosks.Where(k => k.Chain.Contains(building)).ToList();
            report.Publishes.Add(await PublishSeriesAsync($"{settings.Kiosks:N0} connected, one building targeted ({inBuilding.Count} kiosks)", api, fleet, sampler, self,
                inBuilding, building, "bench-load-building", settings.Publishes, cancellationToken));

            await PhaseAsync(report, "reconnect storm (drop)", async () => report.Storms.Add(await StormAsync("every connection dropped at once (the kiosks' side)", api, fleet, samplers, controller, () =>
            {
                fleet.DropAll();
                return Task.CompletedTask;
            }, cancellationToken)));
            await PhaseAsync(report, "reconnect storm (controller restart)", async () => report.Storms.Add(await StormAsync("controller killed (SIGKILL) and started again", api, fleet, samplers, controller, async () =>
            {
                var killedAt = Stopwatch.GetTimestamp();
                await controller.KillAsync();
                await samplers.Current.DisposeAsync();
                await controller.StartAsync(cancellationToken);
                report.RestartTook = Stopwatch.GetElapsedTime(killedAt, controller.HealthAnsweredAt);
                report.HealthAfterStart = controller.HealthAfterStart;
                report.ListeningAfterStart = controller.ListeningAfterStart;
                report.PooledHealthAfterStart = controller.PooledHealthAfterStart;
                Log($"  the restarted controller answered /healthz {report.RestartTook?.TotalSeconds:F1} s after the kill, {report.HealthAfterStart?.TotalSeconds:F1} s after its process started "
                    + $"(listening {report.ListeningAfterStart?.TotalSeconds:F1} s after its start; a probe on this process's thread pool: {report.PooledHealthAfterStart?.TotalSeconds:F1} s)");
                samplers.Current = new ProcessSampler(controller.Pid);
            }, cancellationToken)));
            await PhaseAsync(report, "catch-up", async () => report.CatchUp = await CatchUpAsync(api, fleet, kiosks[0], building, settings.CatchUpChanges, cancellationToken));
            report.ControllerProblems = controller.ProblemsSoFar();
            report.Final = fleet.Totals();
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Report what was measured, and say what broke, rather than losing a long run.
            report.Failures.Add($"the run stopped: {e.GetType().Name}: {e.Message}");
            Log(e.ToString());
        }
        finally
        {
            Log("stopping the fleet");
            await fleet.DisposeAsync();
            await samplers.Current.DisposeAsync();
            await controller.DisposeAsync();
        }
        return report.ToMarkdown();
    }

    /// <summary>Runs one phase; a failure is written into the report and the next phase still runs.</summary>
    private static async Task PhaseAsync(LoadReport report, string phase, Func<Task> body)
    {
        try
        {
            await body();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            report.Failures.Add($"{phase} failed: {e.GetType().Name}: {e.Message.Split('\n')[0]}");
            Log($"{phase} failed: {e}");
        }
    }

    /// <param name="simulator">The benchmark's own process (the simulated kiosks), sampled beside the controller's <paramref name="sampler"/>.</param>
    internal static async Task<LoadReport.PublishSeries> PublishSeriesAsync(string what, AdminApi api, SimulatedFleet fleet, ProcessSampler sampler, ProcessSampler simulator,
        IReadOnlyList<SimulatedKiosk> targets, string placeId, string noticeId, int count, CancellationToken cancellationToken)
    {
        Log($"publishing {count} times: {what}");
        var latencies = new List<double>(count);
        var answered = new List<double>(count);
        var failures = 0;
        var exists = (await api.SendAsync(HttpMethod.Get, "/api/notices/" + noticeId, null, cancellationToken)).Status == System.Net.HttpStatusCode.OK;
        sampler.Take();
        simulator.Take();
        var from = sampler.Now;
        var simulatorFrom = simulator.Now;
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var seq = await api.PublishAsync("notices", noticeId, new Notice
            {
                Id = noticeId,
                Title = $"负载测试通知 第{i + 1}次",
                Body = "燃气管道检修，请各楼栋居民注意关闭阀门。",
                Priority = NoticePriority.Urgent,
                Target = ItemTarget.Place(placeId),
            }, replace: exists, cancellationToken);
            exists = true;
            answered.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            try
            {
                var acked = await fleet.WaitForAcksAsync(targets, seq, AckTimeout, cancellationToken);
                latencies.Add(Stopwatch.GetElapsedTime(start, acked).TotalMilliseconds);
            }
            catch (TimeoutException e)
            {
                failures++;
                Log("  " + e.Message);
            }
            // Publishes are spaced like staff edits, not fired back to back; heartbeats go on between them.
            await Task.Delay(200 + Random.Shared.Next(200), cancellationToken);
        }
        sampler.Take();
        simulator.Take();
        var series = new LoadReport.PublishSeries(what, targets.Count, latencies, answered, failures, sampler.Figures(from, sampler.Now), simulator.Figures(simulatorFrom, simulator.Now));
        Log($"  median {Percentiles.Of(latencies, 0.5):F0} ms, p99 {Percentiles.Of(latencies, 0.99):F0} ms, max {(latencies.Count > 0 ? latencies.Max() : double.NaN):F0} ms, {failures} timed out");
        Log($"  each, in order (ms): {string.Join(' ', latencies.Select(l => l.ToString("F0", CultureInfo.InvariantCulture)))}");
        return series;
    }

    private static async Task<LoadReport.Storm> StormAsync(string what, AdminApi api, SimulatedFleet fleet, SamplerSlot samplers, ControllerProcess controller,
        Func<Task> cut, CancellationToken cancellationToken)
    {
        Log($"reconnect storm: {what}");
        await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        var before = fleet.Totals();
        var problemsBefore = controller.ProblemsSoFar();
        fleet.ClearProblems();
        var kiosks = fleet.Kiosks.Where(k => k.Started).ToList();
        // Nothing is published during a storm: in sync again means a Hello after the cut and the cursor it had.
        var cursors = kiosks.ToDictionary(k => k, k => k.Cache.Cursor);
        var sampler = samplers.Current;
        var from = sampler.Now;
        var cutAt = Stopwatch.GetTimestamp();
        await cut();
        string? failure = null;
        try
        {
            await fleet.WaitUntilAsync(_ => kiosks.All(k => k.Synced && k.SyncedAt > cutAt && k.Cache.Cursor >= cursors[k]), PhaseTimeout, "every kiosk to be in sync again", cancellationToken);
        }
        catch (TimeoutException e)
        {
            failure = e.Message;
        }
        var took = Stopwatch.GetElapsedTime(cutAt);
        var current = samplers.Current;
        current.Take();
        if (current != sampler)
        {
            // A restarted controller: its whole life so far is the storm.
            from = TimeSpan.Zero;
        }
        var resync = kiosks.Where(k => k.SyncedAt > cutAt).Select(k => Stopwatch.GetElapsedTime(cutAt, k.SyncedAt).TotalSeconds).ToList();
        var after = fleet.Totals();
        var controllerProblems = controller.ProblemsSoFar()
            .Select(p => (p.Key, Count: p.Value - problemsBefore.GetValueOrDefault(p.Key)))
            .Where(p => p.Count > 0)
            .ToDictionary(p => p.Key, p => p.Count);
        var storm = new LoadReport.Storm(what, kiosks.Count, took, resync, current.Figures(from, current.Now),
            after.ConnectAttempts - before.ConnectAttempts, after.ConnectFailures - before.ConnectFailures,
            after.Snapshots - before.Snapshots, after.Problems, controllerProblems, failure);
        Log($"  all in sync after {took.TotalSeconds:F1} s; {after}; controller peak CPU {storm.Controller.PeakCores:F2} cores, peak RSS {storm.Controller.PeakRssBytes / 1048576.0:F0} MB");
        foreach (var (problem, count) in after.Problems.Concat(controllerProblems).OrderByDescending(p => p.Value).Take(10))
        {
            Log($"    {count} x {problem}");
        }
        return storm;
    }

    private static async Task<LoadReport.CatchUpRun> CatchUpAsync(AdminApi api, SimulatedFleet fleet, SimulatedKiosk kiosk, string building, int changes, CancellationToken cancellationToken)
    {
        Log($"catch-up: {kiosk.KioskId} goes offline, {changes} changes to its building are published");
        await kiosk.GoOfflineAsync();
        const int Notices = 100;
        var publishWatch = Stopwatch.StartNew();
        for (var i = 0; i < Math.Min(Notices, changes); i++)
        {
            var id = $"bench-cu-{i}";
            var exists = (await api.SendAsync(HttpMethod.Get, "/api/notices/" + id, null, cancellationToken)).Status == System.Net.HttpStatusCode.OK;
            await api.PublishAsync("notices", id, CatchUpNotice(id, building, i), exists, cancellationToken);
        }
        await Parallel.ForEachAsync(Enumerable.Range(Notices, Math.Max(0, changes - Notices)), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (i, ct) => await api.PublishAsync("notices", $"bench-cu-{i % Notices}", CatchUpNotice($"bench-cu-{i % Notices}", building, i), replace: true, ct));
        var publishTook = publishWatch.Elapsed;
        var head = await api.HeadAsync(cancellationToken);
        var missed = head - kiosk.Cache.Cursor;
        var received = kiosk.BytesReceived;
        var sent = kiosk.BytesSent;
        var applied = Interlocked.Read(ref kiosk.Counters.ChangesApplied);
        var start = Stopwatch.GetTimestamp();
        kiosk.Resume();
        await fleet.WaitUntilAsync(_ => kiosk.Synced && kiosk.SyncedAt > start && kiosk.Cache.Cursor >= head, PhaseTimeout, "the kiosk to catch up", cancellationToken);
        var took = Stopwatch.GetElapsedTime(start, kiosk.SyncedAt);
        var run = new LoadReport.CatchUpRun(Interlocked.Read(ref kiosk.Counters.ChangesApplied) - applied, missed, took,
            kiosk.BytesReceived - received, kiosk.BytesSent - sent, publishTook);
        Log($"  caught up {run.Changes} changes in {took.TotalMilliseconds:F0} ms, {run.BytesReceived} bytes received");
        return run;
    }

    private static Notice CatchUpNotice(string id, string building, int i) => new()
    {
        Id = id,
        Title = $"楼栋通知 第{i + 1}版",
        Body = "电梯年检期间请走楼梯，给您带来不便敬请谅解。",
        Target = ItemTarget.Place(building),
    };

    /// <summary>This checkout's controller (and its commit), or the one named by SIGNAGEKIOSK_CONTROLLER_DLL.</summary>
    private static string DescribeControllerBuild()
    {
        var other = Environment.GetEnvironmentVariable(RepoPaths.ControllerDllVariable);
        if (!string.IsNullOrEmpty(other))
        {
            return $"`{other}` (named by {RepoPaths.ControllerDllVariable})";
        }
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", ["-C", RepoPaths.Root, "rev-parse", "--short", "HEAD"]) { RedirectStandardOutput = true, UseShellExecute = false })!;
            var commit = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            var dirty = Process.Start(new ProcessStartInfo("git", ["-C", RepoPaths.Root, "status", "--porcelain", "controller", "shared"]) { RedirectStandardOutput = true, UseShellExecute = false })!;
            var changes = dirty.StandardOutput.ReadToEnd().Trim();
            dirty.WaitForExit();
            return $"this checkout's controller/ at commit {commit}{(changes.Length > 0 ? " with uncommitted changes" : "")}";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "this checkout's controller/";
        }
    }

    private sealed class SamplerSlot(ProcessSampler current)
    {
        public ProcessSampler Current { get; set; } = current;
    }

    private static void Log(string message) => Console.WriteLine($"{DateTime.Now:HH:mm:ss.fff} {message}");
}
