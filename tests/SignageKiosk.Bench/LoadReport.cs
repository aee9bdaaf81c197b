using System.Globalization;
using System.Text;
using SignageKiosk.Simulator.Fleet;
using SignageKiosk.Simulator.Kiosks;
using SignageKiosk.Simulator.Measure;

namespace SignageKiosk.Bench;

/// <summary>The load benchmark's figures and how they are written into docs/benchmarks.md.</summary>
public sealed class LoadReport(LoadBenchmark.Settings settings, FleetShape shape, string dataDirectory, ulong fileLimit)
{
    public sealed record Connect(int From, int To, TimeSpan Took, WindowFigures Controller);
    /// <summary>One publish series; <paramref name="Simulator"/> is the benchmark's own process (the simulated kiosks), on the same cores as the controller.</summary>
    public sealed record PublishSeries(string What, int Targeted, List<double> Latencies, List<double> Answered, int TimedOut, WindowFigures Controller, WindowFigures Simulator);
    public sealed record Storm(string What, int Kiosks, TimeSpan Took, List<double> ResyncSeconds, WindowFigures Controller,
        int ConnectAttempts, int ConnectFailures, int Snapshots, IReadOnlyDictionary<string, int> KioskProblems, IReadOnlyDictionary<string, int> ControllerProblems, string? Failure);
    public sealed record CatchUpRun(long Changes, long Missed, TimeSpan Took, long BytesReceived, long BytesSent, TimeSpan PublishTook);

    public FleetProvisioner.Provisioned? Provisioned { get; set; }
    public WindowFigures? Baseline { get; set; }
    public List<Connect> Connects { get; } = [];
    public List<PublishSeries> Publishes { get; } = [];
    public WindowFigures? Idle { get; set; }
    public WindowFigures? SimulatorIdle { get; set; }
    public int IdleThreads { get; set; }
    public double RecordsPerKiosk { get; set; }
    public FleetTotals? IdleTotals { get; set; }
    public List<Storm> Storms { get; } = [];
    public TimeSpan? RestartTook { get; set; }
    public TimeSpan? HealthAfterStart { get; set; }
    public TimeSpan? ListeningAfterStart { get; set; }
    public TimeSpan? PooledHealthAfterStart { get; set; }
    public CatchUpRun? CatchUp { get; set; }
    public IReadOnlyDictionary<string, int> ControllerProblems { get; set; } = new Dictionary<string, int>();
    public FleetTotals? Final { get; set; }
    public string ControllerBuild { get; set; } = "?";
    public List<string> Failures { get; } = [];

    private static string Ms(double value) => double.IsNaN(value) ? "–" : value.ToString("F0", CultureInfo.InvariantCulture) + " ms";
    private static string Mb(long bytes) => (bytes / 1024.0 / 1024).ToString("F1", CultureInfo.InvariantCulture) + " MB";
    private static string Cores(double value) => value.ToString("F2", CultureInfo.InvariantCulture);
    private static string S(TimeSpan value) => value.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s";
    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public string ToMarkdown()
    {
        var r = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        var n = settings.Kiosks;
        r.AppendLine(c, $"## Load: {N(n)} simulated kiosks on one controller{(settings.RotateCredentials ? ", rotating their credentials as real kiosks do" : "")}");
        r.AppendLine();
        r.AppendLine("Reproduce with (the first run registers the fleet through `POST /api/kiosks` and keeps it in the data directory; later runs reuse it):");
        r.AppendLine();
        r.AppendLine("```");
        r.AppendLine("dotnet build SignageKiosk.sln -c Release && dotnet run -c Release --project tests/SignageKiosk.Bench -- " + settings.Command);
        r.AppendLine("```");
        r.AppendLine();
        r.AppendLine(BenchMachine.Describe());
        r.AppendLine(c, $"Controller build: {ControllerBuild}.");
        var handshake = settings.OlderKiosks
            ? "as kiosks did before decision 0055: Hello → snapshot or CatchUp"
            : "Hello, which brings the first catch-up batch → snapshot or the rest of the catch-up";
        r.AppendLine(c, $"Setup: the controller as its own process (Release build, production settings and logging, SQLite in `{dataDirectory}`), and {N(n)} simulated kiosks "
            + $"(tests/SignageKiosk.Simulator) in the benchmark's process, each with its own device credential, WebSocket and cursor, speaking the kiosk's protocol "
            + $"({handshake} → live pushes checked by Prev → Ack; a catch-up every 30 s as heartbeat; reconnect with the kiosk's jittered backoff, 1 s doubling to 60 s) "
            + $"over loopback. Both share the machine's 2 cores: every figure includes the simulator's own work.");
        r.AppendLine(settings.RotateCredentials
            ? (settings.OlderKiosks
                ? "Credentials: every kiosk takes the new device credential each Hello offers and confirms it at once (`POST /api/pairing/confirm`), as kiosks did before decision 0055, so each (re)connect costs the controller two more committed writes and a request; the fleet is registered afresh for the run."
                : "Credentials: every kiosk takes the new device credential each Hello offers and confirms it on its hub connection (`ConfirmCredential`), as real kiosks do (decisions 0008, 0055), so each (re)connect costs the controller two more committed writes; the fleet is registered afresh for the run.")
            : "Credentials: the kiosks keep their registered credential (they decline the one a Hello offers), so the figures leave out the two writes per (re)connect that a real kiosk's rotation costs; `--rotate` measures with them.");
        r.AppendLine(c, $"The city: {shape.KiosksPerBuilding} kiosks in each building lobby, {shape.BuildingsPerCompound} buildings per compound (one station each), "
            + $"{shape.CompoundsPerCommunity} compounds per community, {shape.ItemsPerCompound} notices and hotlines per compound; a kiosk's first sync is a snapshot of "
            + $"{RecordsPerKiosk.ToString("F0", c)} records on average. Open-file limit of the simulator: {fileLimit}; the controller is started with `ulimit -n 65536`.");
        r.AppendLine();
        if (Provisioned is { KiosksCreated: > 0 } p)
        {
            r.AppendLine(c, $"Registering {N(p.KiosksCreated)} kiosks (and their places and stations) through the admin API, {FleetProvisioner.Parallelism} requests at a time, took {S(p.Took)} (once).");
            r.AppendLine();
        }

        r.AppendLine("### Publish → acked by every targeted kiosk");
        r.AppendLine();
        r.AppendLine("From sending the `PUT /api/notices/{id}` to the moment the last targeted kiosk has sent its `Ack` for that change; one publish at a time, "
            + "200–400 ms apart. \"Answered\" is the API's reply (the change is committed). Controller CPU in cores (1.00 = one core busy), over the series.");
        r.AppendLine();
        r.AppendLine("| kiosks | targeted | publishes | median | p99 | max | answered (median) | timed out | controller CPU (mean / peak) |");
        r.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var s in Publishes)
        {
            r.AppendLine(c, $"| {s.What} | {N(s.Targeted)} | {s.Latencies.Count + s.TimedOut} | {Ms(Percentiles.Of(s.Latencies, 0.5))} | {Ms(Percentiles.Of(s.Latencies, 0.99))} | "
                + $"{Ms(s.Latencies.Count == 0 ? double.NaN : s.Latencies.Max())} | {Ms(Percentiles.Of(s.Answered, 0.5))} | {s.TimedOut} | {Cores(s.Controller.MeanCores)} / {Cores(s.Controller.PeakCores)} |");
        }
        var all = Publishes.FirstOrDefault(s => s.Targeted == n && s.What.Contains("district", StringComparison.Ordinal));
        if (all is not null && n >= 10_000)
        {
            var p99 = Percentiles.Of(all.Latencies, 0.99);
            r.AppendLine();
            r.AppendLine(c, $"Goal: p99 publish → acked by all 10,000 under 3 s: **{(p99 < 3000 && all.TimedOut == 0 ? "met" : "missed")}** ({Ms(p99)}).");
        }
        r.AppendLine();

        r.AppendLine("### Connecting, and holding idle connections");
        r.AppendLine();
        r.AppendLine("| kiosks connected | time until all in sync (200 connecting at a time) | controller CPU (mean / peak) |");
        r.AppendLine("| --- | ---: | ---: |");
        foreach (var x in Connects)
        {
            r.AppendLine(c, $"| {N(x.From + 1)}–{N(x.To)} | {S(x.Took)} | {Cores(x.Controller.MeanCores)} / {Cores(x.Controller.PeakCores)} |");
        }
        r.AppendLine();
        if (Baseline is { } b && Idle is { } idle)
        {
            var perKiosk = (idle.LastRssBytes - b.LastRssBytes) / (double)n;
            r.AppendLine(c, $"With {N(n)} kiosks connected and idle ({settings.IdleWindow.TotalSeconds:F0} s: heartbeat catch-ups and acks, SignalR and WebSocket keep-alives):");
            r.AppendLine();
            r.AppendLine("| what | controller |");
            r.AppendLine("| --- | ---: |");
            r.AppendLine(c, $"| resident memory (RSS) before any kiosk connected | {Mb(b.LastRssBytes)} |");
            r.AppendLine(c, $"| resident memory with {N(n)} idle kiosks | {Mb(idle.LastRssBytes)} |");
            r.AppendLine(c, $"| memory per idle kiosk ((RSS with − RSS before) / kiosks) | {(perKiosk / 1024).ToString("F1", c)} KB |");
            r.AppendLine(c, $"| CPU, mean over the idle window | {Cores(idle.MeanCores)} cores ({(idle.MeanCores * 1e6 / n).ToString("F1", c)} µs of CPU per kiosk per second) |");
            r.AppendLine(c, $"| threads | {IdleThreads} |");
            if (SimulatorIdle is { } sim)
            {
                r.AppendLine(c, $"| (the simulator meanwhile: CPU {Cores(sim.MeanCores)} cores, RSS {Mb(sim.LastRssBytes)}) | |");
            }
            if (n >= 10_000)
            {
                r.AppendLine();
                r.AppendLine(c, $"Goal: controller memory under 100 KB per idle kiosk: **{(perKiosk < 100 * 1024 ? "met" : "missed")}**.");
            }
            r.AppendLine();
        }

        if (Storms.Count > 0)
        {
            r.AppendLine("### Reconnect storm");
            r.AppendLine();
            r.AppendLine("All kiosks lose their connection at the same instant and come back with the kiosk's backoff (first retry after 0.5–1 s, then full jitter "
                + "doubling up to 60 s). \"In sync\" means: connected, said Hello, caught up to the head of the log as it was before the cut, and acked.");
            r.AppendLine();
            r.AppendLine("| cut | kiosks | all in sync after | 50% / 90% / 99% in sync after | controller peak CPU | controller peak RSS | connect attempts (failed) | snapshots |");
            r.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (var s in Storms)
            {
                string P(double q) => Percentiles.Of(s.ResyncSeconds, q).ToString("F1", c) + " s";
                r.AppendLine(c, $"| {s.What} | {N(s.Kiosks)} | {(s.Failure is null ? S(s.Took) : "**not all** (" + S(s.Took) + ")")} | {P(0.5)} / {P(0.9)} / {P(0.99)} | "
                    + $"{Cores(s.Controller.PeakCores)} cores | {Mb(s.Controller.PeakRssBytes)} | {N(s.ConnectAttempts)} ({N(s.ConnectFailures)}) | {N(s.Snapshots)} |");
            }
            if (RestartTook is { } restart)
            {
                r.AppendLine();
                var sinceStart = HealthAfterStart is { } started ? $", {S(started)} after its process started" : "";
                var pooled = PooledHealthAfterStart is { } heard ? $" (the same probe made with HttpClient on the benchmark's own thread pool, busy with the simulated fleet, heard it {S(heard)} after the start)" : "";
                var listening = ListeningAfterStart is { } took ? $" It was listening {S(took)} after its process started (the probe's first connection was made then: its start, on cores the simulated fleet shares); the rest is the answer's wait behind the fleet's handshakes." : "";
                r.AppendLine(c, $"The restarted controller answered `/healthz` {S(restart)} after it was killed{sinceStart}, read by a probe on a thread of its own with blocking sockets, as a load balancer probes from its own process{pooled}.{listening}");
            }
            r.AppendLine();
            r.AppendLine("Errors seen during the storms (kiosk side: failed connects and failed protocol steps — a heartbeat catch-up in flight when the "
                + "connection is cut fails and is retried after the reconnect; \"connection refused\" while a controller restarts is expected; controller side: warnings and errors in its log):");
            r.AppendLine();
            var any = false;
            foreach (var s in Storms)
            {
                foreach (var (problem, count) in s.KioskProblems.OrderByDescending(p => p.Value).Take(8))
                {
                    r.AppendLine(c, $"- {s.What}, kiosks: {N(count)} × `{problem}`");
                    any = true;
                }
                foreach (var (problem, count) in s.ControllerProblems.OrderByDescending(p => p.Value).Take(8))
                {
                    r.AppendLine(c, $"- {s.What}, controller: {N(count)} × `{problem}`");
                    any = true;
                }
            }
            if (!any)
            {
                r.AppendLine("- none");
            }
            r.AppendLine();
        }

        if (CatchUp is { } cu)
        {
            r.AppendLine("### Catch-up after missing many changes");
            r.AppendLine();
            r.AppendLine(c, $"One simulated kiosk goes offline (keeping its cursor); {N(settings.CatchUpChanges)} edits to notices of its building are published "
                + $"(through the API, 8 at a time: {S(cu.PublishTook)}); then it connects, says Hello with its cursor and catches up in batches of 500. "
                + $"The other kiosks stay connected. Bytes are WebSocket payload counted by the kiosk's transport.");
            r.AppendLine();
            r.AppendLine("| changes missed | changes fetched | time (connect → caught up and acked) | bytes received | bytes sent | bytes per change |");
            r.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: |");
            r.AppendLine(c, $"| {N(cu.Missed)} (sequences) | {N(cu.Changes)} | {cu.Took.TotalMilliseconds.ToString("F0", c)} ms | {N(cu.BytesReceived)} | {N(cu.BytesSent)} | "
                + $"{(cu.Changes == 0 ? "–" : (cu.BytesReceived / (double)cu.Changes).ToString("F0", c))} |");
            r.AppendLine();
        }
        foreach (var failure in Failures)
        {
            r.AppendLine(c, $"**Not measured:** {failure}");
            r.AppendLine();
        }
        if (Final is { } final)
        {
            r.AppendLine(c, $"Over the whole run the simulated kiosks counted: {final}.");
            var problems = ControllerProblems.OrderByDescending(p => p.Value).Take(8).ToList();
            r.AppendLine(problems.Count == 0
                ? "The controller logged no warnings or errors."
                : "The controller's log, warnings and errors over the whole run: " + string.Join("; ", problems.Select(p => $"{N(p.Value)} × `{p.Key}`")) + ".");
        }
        return r.ToString();
    }
}
