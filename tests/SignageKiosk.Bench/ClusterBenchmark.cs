using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Simulator;
using SignageKiosk.Simulator.Controller;
using SignageKiosk.Simulator.Fleet;
using SignageKiosk.Simulator.Kiosks;
using SignageKiosk.Simulator.Measure;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Bench;

/// <summary>
/// 10,000 simulated kiosks on one node on SQLite, then across three nodes on PostgreSQL behind HAProxy, in one run on
/// one machine (issue 17): publish → acked by all, memory per kiosk per node, and the storm after a node is SIGKILLed
/// (on SQLite: restarted; on PostgreSQL: left dead, its kiosks go through HAProxy to the others). Returns its section.
/// </summary>
public static class ClusterBenchmark
{
    public sealed record Settings
    {
        public int Kiosks { get; init; } = 10_000;
        public int Publishes { get; init; } = 50;
        public int Nodes { get; init; } = 3;
    }

    private sealed record NodeFigures(string Name, int Kiosks, long RssBeforeBytes, long RssIdleBytes, double IdleCores, double PublishCpuSeconds);

    private sealed record StormFigures(string What, int Cut, TimeSpan Took, TimeSpan? HealthAfterStart, int ConnectFailures, int Snapshots, string? Failure);

    private sealed record Run(string Label, TimeSpan InSync, LoadReport.PublishSeries? Series, List<NodeFigures> Nodes, StormFigures? Storm, double? BalancerPublishCpuSeconds, long? BalancerIdleRssBytes, List<string> Failures);

    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;
    private static readonly TimeSpan PhaseTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(15);

    public static async Task<string> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        var shape = new FleetShape { Kiosks = settings.Kiosks }.Validated();
        // The simulator holds every kiosk's socket; HAProxy two per kiosk (it raises its own limit from maxconn as root).
        FileLimit.Raise((ulong)settings.Kiosks * 2 + 4096);
        var runs = new List<Run>
        {
            await SqliteAsync(settings, shape, cancellationToken),
            await PostgreSqlAsync(settings, shape, cancellationToken),
        };
        return Report(settings, runs);
    }

    private static async Task<Run> SqliteAsync(Settings settings, FleetShape shape, CancellationToken cancellationToken)
    {
        Log("one node on SQLite");
        var data = SimulatorMain.DefaultDataDirectory(shape);
        FleetProvisioner.Provisioned provisioned;
        await using (var setup = await ControllerProcess.StartAsync(data, cancellationToken: cancellationToken))
        {
            using var setupApi = await setup.AdminAsync(cancellationToken);
            provisioned = await new FleetProvisioner(setupApi, data, Log).EnsureAsync(shape, cancellationToken);
        }
        await using var controller = await ControllerProcess.StartAsync(data, cancellationToken: cancellationToken);
        var sampler = new ProcessSampler(controller.Pid);
        var fleet = new SimulatedFleet(controller.Url, new KioskBehaviour());
        var failures = new List<string>();
        try
        {
            using var api = await controller.AdminAsync(cancellationToken);
            var kiosks = provisioned.Layout.Kiosks.Select(plan => fleet.Add(plan.Kiosk.Id, provisioned.Credentials[plan.Kiosk.Id])).ToList();
            return await MeasureAsync("1 node, SQLite", [(controller, sampler)], api, fleet, kiosks, settings, [], failures, async () =>
            {
                await controller.KillAsync();
                await sampler.DisposeAsync();
                await controller.StartAsync(cancellationToken);
                sampler = new ProcessSampler(controller.Pid);
                return ("the node SIGKILLed and started again (every kiosk cut)", settings.Kiosks, controller.HealthAfterStart);
            }, cancellationToken);
        }
        finally
        {
            await fleet.DisposeAsync();
            await sampler.DisposeAsync();
        }
    }

    private static async Task<Run> PostgreSqlAsync(Settings settings, FleetShape shape, CancellationToken cancellationToken)
    {
        Log($"{settings.Nodes} nodes on PostgreSQL behind HAProxy");
        using var postgres = PostgresServer.Start("bench-cluster");
        var connectionString = postgres.CreateDatabase("bench");
        var store = new Dictionary<string, string>
        {
            ["Storage:Provider"] = nameof(StoreProvider.PostgreSql),
            ["Storage:ConnectionString"] = connectionString,
        };
        // A new database every run, so a new fleet file: the registered kiosks' credentials belong to this database.
        var root = Path.Combine(Path.GetTempPath(), "signagekiosk-sim", "cluster-" + Guid.NewGuid().ToString("N")[..8]);
        var nodes = new List<(ControllerProcess Node, ProcessSampler Sampler)>();
        var balancers = new List<LoadBalancer>();
        var balancerSamplers = new List<ProcessSampler>();
        SimulatedFleet? fleet = null;
        var failures = new List<string>();
        try
        {
            // The first node alone creates the administrator and the key ring (decision 0040); the others join.
            for (var i = 1; i <= settings.Nodes; i++)
            {
                var node = await ControllerProcess.StartAsync(Path.Combine(root, $"node{i}"), settings: store, cancellationToken: cancellationToken);
                nodes.Add((node, new ProcessSampler(node.Pid)));
            }
            FleetProvisioner.Provisioned provisioned;
            using (var setupApi = await nodes[0].Node.AdminAsync(cancellationToken))
            {
                provisioned = await new FleetProvisioner(setupApi, root, Log).EnsureAsync(shape, cancellationToken);
            }
            // HAProxy holds two descriptors per kiosk, and this machine's hard open-file limit (20,000) cannot be raised:
            // one balancer per 4,000 kiosks, as a city would put several behind one name; every balancer knows every node.
            var count = (settings.Kiosks + 3_999) / 4_000;
            for (var i = 0; i < count; i++)
            {
                balancers.Add(await LoadBalancer.StartAsync($"bench-cluster-{i + 1}", nodes.Select(n => n.Node.Port), 9_000));
            }
            balancerSamplers.AddRange(balancers.Select(b => new ProcessSampler(b.Pid)));
            fleet = new SimulatedFleet(balancers[0].Url, new KioskBehaviour());
            using var api = await AdminApi.SignInAsync(balancers[0].Url, "admin", ControllerProcess.AdminPassword, cancellationToken);
            var kiosks = provisioned.Layout.Kiosks.Select((plan, i) => fleet.Add(plan.Kiosk.Id, provisioned.Credentials[plan.Kiosk.Id], balancers[i % balancers.Count].Url)).ToList();
            return await MeasureAsync($"{settings.Nodes} nodes, PostgreSQL, {balancers.Count} HAProxy", nodes, api, fleet, kiosks, settings, balancerSamplers, failures, async () =>
            {
                var counts = new List<int>();
                foreach (var (node, _) in nodes)
                {
                    counts.Add(await ConnectedAsync(node, cancellationToken));
                }
                var victim = counts.IndexOf(counts.Max());
                await nodes[victim].Node.KillAsync();
                return ($"node{victim + 1} SIGKILLed and left dead (its kiosks reconnect through HAProxy)", counts[victim], null);
            }, cancellationToken);
        }
        finally
        {
            if (fleet is not null)
            {
                await fleet.DisposeAsync();
            }
            foreach (var sampler in balancerSamplers)
            {
                await sampler.DisposeAsync();
            }
            foreach (var balancer in balancers)
            {
                await balancer.DisposeAsync();
            }
            foreach (var (node, sampler) in nodes)
            {
                await sampler.DisposeAsync();
                await node.DisposeAsync();
            }
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // Left for the temp folder's cleaning.
            }
        }
    }

    private static async Task<Run> MeasureAsync(string label, List<(ControllerProcess Node, ProcessSampler Sampler)> nodes, AdminApi api, SimulatedFleet fleet,
        List<SimulatedKiosk> kiosks, Settings settings, IReadOnlyList<ProcessSampler> balancers, List<string> failures,
        Func<Task<(string What, int Cut, TimeSpan? HealthAfterStart)>> kill, CancellationToken cancellationToken)
    {
        foreach (var (_, sampler) in nodes)
        {
            sampler.Take();
        }
        var before = nodes.Select(n => n.Sampler.Figures(TimeSpan.Zero, n.Sampler.Now).LastRssBytes).ToList();
        var inSync = await fleet.StartAsync(kiosks, 200, PhaseTimeout, cancellationToken);
        Log($"  {kiosks.Count} in sync after {inSync.TotalSeconds:F1} s");
        var idleFrom = nodes.Select(n => n.Sampler.Now).ToList();
        await Task.Delay(Idle, cancellationToken);
        var figures = new List<NodeFigures>();
        for (var i = 0; i < nodes.Count; i++)
        {
            var (node, sampler) = nodes[i];
            sampler.Take();
            var idle = sampler.Figures(idleFrom[i], sampler.Now);
            figures.Add(new NodeFigures($"node{i + 1}", await ConnectedAsync(node, cancellationToken), before[i], idle.LastRssBytes, idle.MeanCores, 0));
        }
        long? balancerRss = null;
        foreach (var balancer in balancers)
        {
            balancer.Take();
            balancerRss = (balancerRss ?? 0) + balancer.Figures(TimeSpan.Zero, balancer.Now).LastRssBytes;
        }
        Log("  " + string.Join("; ", figures.Select(f => $"{f.Name}: {f.Kiosks} kiosks, RSS {f.RssBeforeBytes / 1048576.0:F0} → {f.RssIdleBytes / 1048576.0:F0} MB")));

        LoadReport.PublishSeries? series = null;
        await using var self = new ProcessSampler(Environment.ProcessId);
        double? balancerCpu = null;
        try
        {
            var cpuBefore = nodes.Select(n => CpuSeconds(n.Sampler)).ToList();
            var balancerBefore = balancers.Sum(CpuSeconds);
            series = await LoadBenchmark.PublishSeriesAsync($"{label}: {kiosks.Count:N0} connected, the whole district targeted", api, fleet, nodes[0].Sampler, self,
                kiosks, FleetLayout.DistrictId, "bench-cluster-all", settings.Publishes, cancellationToken);
            for (var i = 0; i < nodes.Count; i++)
            {
                figures[i] = figures[i] with { PublishCpuSeconds = CpuSeconds(nodes[i].Sampler) - cpuBefore[i] };
            }
            balancerCpu = balancers.Count == 0 ? null : balancers.Sum(CpuSeconds) - balancerBefore;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            failures.Add($"publishing stopped: {e.GetType().Name}: {e.Message}");
            Log(e.ToString());
        }

        StormFigures? storm = null;
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
            var totalsBefore = fleet.Totals();
            var cutAt = Stopwatch.GetTimestamp();
            var (what, cut, healthAfterStart) = await kill();
            Log($"  storm: {what}, {cut} kiosks cut");
            string? failure = null;
            try
            {
                // In sync again: every kiosk synced, and as many of them re-synced since the kill as the kill cut.
                await fleet.WaitUntilAsync(all => all.Count(k => k.SyncedAt > cutAt) >= cut && all.All(k => k.Synced), PhaseTimeout, "every cut kiosk to be in sync again", cancellationToken);
            }
            catch (TimeoutException e)
            {
                failure = e.Message;
            }
            var took = Stopwatch.GetElapsedTime(cutAt);
            var totalsAfter = fleet.Totals();
            storm = new StormFigures(what, cut, took, healthAfterStart, totalsAfter.ConnectFailures - totalsBefore.ConnectFailures, totalsAfter.Snapshots - totalsBefore.Snapshots, failure);
            Log($"  all in sync after {took.TotalSeconds:F1} s; {totalsAfter}");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            failures.Add($"the storm stopped: {e.GetType().Name}: {e.Message}");
            Log(e.ToString());
        }
        return new Run(label, inSync, series, figures, storm, balancerCpu, balancerRss, failures);
    }

    private static double CpuSeconds(ProcessSampler sampler)
    {
        sampler.Take();
        return sampler.Figures(TimeSpan.Zero, sampler.Now).CpuSeconds;
    }

    private static async Task<int> ConnectedAsync(ControllerProcess node, CancellationToken cancellationToken) =>
        (await node.HealthAsync(cancellationToken))?["kiosksConnected"]?.GetValue<int>() ?? 0;

    private static string Report(Settings settings, List<Run> runs)
    {
        var c = Culture;
        var text = new StringBuilder();
        text.AppendLine(c, $"## {settings.Kiosks:N0} kiosks: one node on SQLite beside {settings.Nodes} nodes on PostgreSQL");
        text.AppendLine();
        text.AppendLine("Reproduce with:");
        text.AppendLine();
        text.AppendLine("```");
        text.AppendLine(c, $"dotnet run -c Release --project tests/SignageKiosk.Bench -- --cluster --kiosks {settings.Kiosks} --publishes {settings.Publishes}");
        text.AppendLine("```");
        text.AppendLine();
        text.AppendLine(BenchMachine.Describe());
        text.AppendLine("Every process on the same cores: the nodes (each its own process, Release, production settings), PostgreSQL 15 (a throwaway cluster, default settings), "
            + "HAProxy (leastconn, no stickiness; one process per 4,000 kiosks, each knowing every node, because HAProxy holds two descriptors per connection and this machine's hard open-file limit is 20,000) and the simulated kiosks in the benchmark's process. So the three nodes show what spreading costs, not what it gains: "
            + "on separate machines each node would have these cores to itself. Publishes go through HAProxy to any node; each is timed from the `PUT` until the last kiosk's `Ack`, "
            + "200–400 ms apart. Memory per kiosk = (node RSS idle with its kiosks − RSS before the fleet connected) ÷ its kiosks.");
        text.AppendLine();
        text.AppendLine("| setup | all in sync after start | publishes | median | p99 | max | timed out | CPU per publish (all nodes) |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var run in runs)
        {
            if (run.Series is { } s)
            {
                var publishes = s.Latencies.Count + s.TimedOut;
                var cpu = run.Nodes.Sum(n => n.PublishCpuSeconds) * 1000 / Math.Max(1, publishes);
                var haproxy = run.BalancerPublishCpuSeconds is { } lb ? $" (+ HAProxy {(lb * 1000 / Math.Max(1, publishes)).ToString("F0", c)} ms)" : "";
                var max = Ms(s.Latencies.Count == 0 ? double.NaN : s.Latencies.Max());
                text.AppendLine(c, $"| {run.Label} | {run.InSync.TotalSeconds:F1} s | {publishes} | {Ms(Percentiles.Of(s.Latencies, 0.5))} | {Ms(Percentiles.Of(s.Latencies, 0.99))} | {max} | {s.TimedOut} | {cpu.ToString("F0", c)} ms{haproxy} |");
            }
            else
            {
                text.AppendLine(c, $"| {run.Label} | {run.InSync.TotalSeconds:F1} s | – | – | – | – | – | – |");
            }
        }
        text.AppendLine();
        text.AppendLine("| setup | node | kiosks | RSS before → idle | memory per kiosk | idle CPU |");
        text.AppendLine("| --- | --- | ---: | ---: | ---: | ---: |");
        foreach (var run in runs)
        {
            foreach (var node in run.Nodes)
            {
                var perKiosk = node.Kiosks == 0 ? "–" : ((node.RssIdleBytes - node.RssBeforeBytes) / 1024.0 / node.Kiosks).ToString("F1", c) + " KB";
                text.AppendLine(c, $"| {run.Label} | {node.Name} | {node.Kiosks:N0} | {node.RssBeforeBytes / 1048576.0:F0} → {node.RssIdleBytes / 1048576.0:F0} MB | {perKiosk} | {node.IdleCores:F2} cores |");
            }
            if (run.BalancerIdleRssBytes is { } rss)
            {
                text.AppendLine(c, $"| {run.Label} | HAProxy (all) | {run.Nodes.Sum(n => n.Kiosks):N0} | {rss / 1048576.0:F0} MB idle | {(rss / 1024.0 / Math.Max(1, run.Nodes.Sum(n => n.Kiosks))).ToString("F1", c)} KB (whole RSS) | – |");
            }
        }
        text.AppendLine();
        text.AppendLine("| setup | storm | kiosks cut | all in sync after the kill | health after the process started | refused connects | snapshots |");
        text.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var run in runs.Where(r => r.Storm is not null))
        {
            var s = run.Storm!;
            var took = s.Failure is null ? s.Took.TotalSeconds.ToString("F1", c) + " s" : "not within 10 min";
            var health = s.HealthAfterStart is { } h ? h.TotalSeconds.ToString("F1", c) + " s" : "– (not restarted)";
            text.AppendLine(c, $"| {run.Label} | {s.What} | {s.Cut:N0} | {took} | {health} | {s.ConnectFailures:N0} | {s.Snapshots:N0} |");
        }
        foreach (var failure in runs.SelectMany(r => r.Failures.Select(f => $"{r.Label}: {f}")))
        {
            text.AppendLine();
            text.AppendLine("**" + failure + "**");
        }
        return text.ToString();
    }

    private static string Ms(double value) => double.IsNaN(value) ? "–" : value.ToString("F0", Culture) + " ms";

    private static void Log(string line) => Console.WriteLine(line);
}
