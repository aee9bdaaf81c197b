using System.Globalization;
using System.Text;
using SignageKiosk.Simulator;
using SignageKiosk.Simulator.Controller;
using SignageKiosk.Simulator.Fleet;
using SignageKiosk.Simulator.Kiosks;
using SignageKiosk.Simulator.Measure;

namespace SignageKiosk.Bench;

/// <summary>
/// Publish → acked by all 10,000 simulated kiosks on one controller, the same publish series on a "before" controller
/// build and on this checkout's, in one run on one machine (issue 17, docs/decisions/0038). With several rounds the
/// builds alternate, so a drift of the machine's load does not favour either. Returns its section of docs/benchmarks.md.
/// </summary>
public static class FanOutBenchmark
{
    public sealed record Settings
    {
        public int Kiosks { get; init; } = 10_000;
        public int Publishes { get; init; } = 100;
        public int Rounds { get; init; } = 1;
        /// <summary>An older controller build (its SignageKiosk.Controller.dll), measured first in every round as "before".</summary>
        public string? BeforeDll { get; init; }
        public string? BeforeLabel { get; init; }
        /// <summary>Environment variables ("NAME=value;…") for the "after" controller only: a runtime knob tried against the same build.</summary>
        public string? AfterEnvironment { get; init; }
    }

    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;
    private static readonly TimeSpan PhaseTimeout = TimeSpan.FromMinutes(10);

    public static async Task<string> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        var builds = new List<(string Label, string Dll)>();
        if (settings.BeforeDll is { } before)
        {
            builds.Add((settings.BeforeLabel ?? "before", before));
        }
        builds.Add(("after", RepoPaths.ControllerDll));
        var shape = new FleetShape { Kiosks = settings.Kiosks }.Validated();
        var data = SimulatorMain.DefaultDataDirectory(shape);
        FileLimit.Raise((ulong)settings.Kiosks + 4096);
        FleetProvisioner.Provisioned provisioned;
        await using (var setup = await ControllerProcess.StartAsync(data, cancellationToken: cancellationToken))
        {
            using var setupApi = await setup.AdminAsync(cancellationToken);
            provisioned = await new FleetProvisioner(setupApi, data, Console.WriteLine).EnsureAsync(shape, cancellationToken);
        }
        var results = new List<(string Label, LoadReport.PublishSeries Series)>();
        await using var self = new ProcessSampler(Environment.ProcessId);
        for (var round = 0; round < settings.Rounds; round++)
        {
            foreach (var (label, dll) in builds)
            {
                Console.WriteLine($"fan-out: round {round + 1}, {label} ({dll})");
                // The same data directory for both builds: the same registered city, the same store.
                await using var controller = new ControllerProcess(data) { Dll = dll };
                foreach (var (name, value) in EnvironmentList.Parse(label == "after" ? settings.AfterEnvironment : null, "SIGNAGEKIOSK_CONTROLLER_AFTER_ENV"))
                {
                    controller.EnvironmentOverrides[name] = value;
                }
                await controller.StartAsync(cancellationToken);
                await using var sampler = new ProcessSampler(controller.Pid);
                var fleet = new SimulatedFleet(controller.Url, new KioskBehaviour());
                try
                {
                    using var api = await controller.AdminAsync(cancellationToken);
                    var kiosks = provisioned.Layout.Kiosks.Select(plan => fleet.Add(plan.Kiosk.Id, provisioned.Credentials[plan.Kiosk.Id])).ToList();
                    var took = await fleet.StartAsync(kiosks, 200, PhaseTimeout, cancellationToken);
                    Console.WriteLine($"  {kiosks.Count} in sync after {took.TotalSeconds:F1} s");
                    await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
                    results.Add((label, await LoadBenchmark.PublishSeriesAsync($"{label}, round {round + 1}", api, fleet, sampler, self, kiosks,
                        FleetLayout.DistrictId, "bench-fanout-all", settings.Publishes, cancellationToken)));
                }
                finally
                {
                    await fleet.DisposeAsync();
                }
            }
        }
        return Report(settings, builds, results);
    }

    private static string Report(Settings settings, List<(string Label, string Dll)> builds, List<(string Label, LoadReport.PublishSeries Series)> results)
    {
        var c = Culture;
        var text = new StringBuilder();
        text.AppendLine(c, $"## Fan-out: publish → acked by all {settings.Kiosks:N0} kiosks, an older build against this checkout's");
        text.AppendLine();
        text.AppendLine("Reproduce with (the \"before\" build from an older commit, named in the table):");
        text.AppendLine();
        text.AppendLine("```");
        text.AppendLine("git archive <before-commit> | tar -x -C /tmp/before-src && dotnet build /tmp/before-src/controller -c Release -o /tmp/before-controller");
        text.AppendLine("dotnet build SignageKiosk.sln -c Release && SIGNAGEKIOSK_CONTROLLER_BEFORE_DLL=/tmp/before-controller/SignageKiosk.Controller.dll \\");
        text.AppendLine($"  dotnet run -c Release --project tests/SignageKiosk.Bench -- --fanout --kiosks {settings.Kiosks} --publishes {settings.Publishes} --rounds {settings.Rounds}");
        text.AppendLine("```");
        text.AppendLine();
        text.AppendLine(BenchMachine.Describe());
        var environment = settings.AfterEnvironment is { Length: > 0 } names ? $", \"after\" started with `{names}` in its environment" : "";
        text.AppendLine(c, $"Builds: {string.Join("; ", builds.Select(b => $"{b.Label} = `{b.Dll}`"))}{environment}.");
        text.AppendLine("Setup as in the load benchmark: the controller as its own process (Release, production settings, SQLite, the runtime.env its build ships), the simulated kiosks in the benchmark's process over loopback, both on the same cores. "
            + "Each build is started on the same registered city, all kiosks connect, then the same series: one publish to the whole district at a time, 200–400 ms apart, each timed from the `PUT` until the last kiosk's `Ack`. "
            + "The simulator's CPU is on the same two cores, so it is shown beside the controller's: a kiosk on a station box does that work on its own CPU.");
        text.AppendLine();
        text.AppendLine("| build | targeted | publishes | median | p99 | max | answered (median) | timed out | controller CPU (mean / peak) | controller CPU per publish | simulator CPU per publish |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (label, s) in results)
        {
            var publishes = s.Latencies.Count + s.TimedOut;
            text.AppendLine(c, $"| {s.What} | {s.Targeted:N0} | {publishes} | {Ms(Percentiles.Of(s.Latencies, 0.5))} | {Ms(Percentiles.Of(s.Latencies, 0.99))} | "
                + $"{Ms(s.Latencies.Count == 0 ? double.NaN : s.Latencies.Max())} | {Ms(Percentiles.Of(s.Answered, 0.5))} | {s.TimedOut} | "
                + $"{s.Controller.MeanCores.ToString("F2", c)} / {s.Controller.PeakCores.ToString("F2", c)} | {(s.Controller.CpuSeconds * 1000 / Math.Max(1, publishes)).ToString("F0", c)} ms | "
                + $"{(s.Simulator.CpuSeconds * 1000 / Math.Max(1, publishes)).ToString("F0", c)} ms |");
        }
        if (results.Count > 0)
        {
            var after = results.Where(r => r.Label == "after").SelectMany(r => r.Series.Latencies).ToList();
            var p99 = Percentiles.Of(after, 0.99);
            text.AppendLine();
            text.AppendLine(c, $"Goal: single-node p99 publish → acked by all {settings.Kiosks:N0} under 1 s: **{(p99 < 1000 ? "met" : "not met")}** ({Ms(p99)} after, over every round).");
        }
        return text.ToString();
    }

    private static string Ms(double value) => double.IsNaN(value) ? "–" : value.ToString("F0", Culture) + " ms";
}
