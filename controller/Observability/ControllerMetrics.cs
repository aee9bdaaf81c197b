using System.Diagnostics.Metrics;
using SignageKiosk.Controller.Sync;

namespace SignageKiosk.Controller.Observability;

/// <summary>
/// The controller's own instruments, on one <see cref="Meter"/> (<see cref="MeterName"/>), exported for Prometheus at
/// /metrics (docs/observability.md). Every figure is this node's: with several nodes, Prometheus scrapes each and sums.
/// Recording is a counter add or a histogram record, without tag arrays, so the hot paths (publish, ack) stay cheap;
/// the gauges are read from <see cref="KioskSessions"/> only when Prometheus scrapes.
/// </summary>
public sealed class ControllerMetrics
{
    public const string MeterName = "SignageKiosk.Controller";

    // Seconds. A push is acked within milliseconds on a quiet network; a kiosk catching up after a drop takes seconds.
    private static readonly double[] AckBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
    // Seconds. A sheet of a few hundred rows parses in a fraction of a second; a printed week of PDFs can take several.
    private static readonly double[] WorkBuckets = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly Counter<long> _publishes;
    private readonly Counter<long> _changes;
    private readonly Histogram<double> _ackDuration;
    private readonly Counter<long> _catchUps;
    private readonly Counter<long> _snapshots;
    private readonly Counter<long> _hubRefusals;
    private readonly Counter<long> _admissionRefusals;
    private readonly Histogram<double> _importDuration;
    private readonly Histogram<double> _printDuration;

    public ControllerMetrics(IMeterFactory meters, KioskSessions sessions)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("signagekiosk.kiosks.connected", () => sessions.Count, "{kiosk}",
            "Kiosk connections on this node that said Hello (a reconnecting kiosk can briefly count twice).");
        meter.CreateObservableGauge("signagekiosk.sync.ack_lag", () => LargestAckLag(sessions), "{change}",
            "Largest number of sequences any kiosk connected here is behind in acknowledging: the highest sequence it was sent (pushed, caught up or snapshot) minus the highest it acked.");
        _publishes = meter.CreateCounter<long>("signagekiosk.publishes", "{publish}",
            "Committed writes that logged at least one change (a publish, an import confirmed, a placement moved).");
        _changes = meter.CreateCounter<long>("signagekiosk.changes.published", "{change}",
            "Changes logged by those writes.");
        _ackDuration = meter.CreateHistogram("signagekiosk.sync.ack.duration", "s",
            "From this node pushing a change to a kiosk until that kiosk acked it (or a later one); one change timed at a time per connection.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = AckBuckets });
        _catchUps = meter.CreateCounter<long>("signagekiosk.sync.catchups", "{call}", "Catch-up reads served to kiosks.");
        _snapshots = meter.CreateCounter<long>("signagekiosk.sync.snapshots", "{call}", "Snapshots served to kiosks.");
        _hubRefusals = meter.CreateCounter<long>("signagekiosk.hub.refusals", "{call}",
            "Kiosk hub calls refused (bad input, unknown kiosk, a limit), by hub method.");
        _admissionRefusals = meter.CreateCounter<long>("signagekiosk.admission.refusals", "{connection}",
            "Kiosk handshakes refused with 503 at the door because the node was admitting as many as it serves at once.");
        _importDuration = meter.CreateHistogram("signagekiosk.import.duration", "s",
            "Spreadsheet import requests, by step (preview, confirm, export), whatever their answer.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = WorkBuckets });
        _printDuration = meter.CreateHistogram("signagekiosk.print.duration", "s",
            "Print and poster requests, by document (roster, duty, overview, notice, poster), whatever their answer.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = WorkBuckets });
    }

    public void Published(int changes)
    {
        _publishes.Add(1);
        _changes.Add(changes);
    }

    public void AckedAfter(TimeSpan elapsed) => _ackDuration.Record(elapsed.TotalSeconds);

    public void CatchUpServed() => _catchUps.Add(1);

    public void SnapshotServed() => _snapshots.Add(1);

    /// <param name="method">A hub method name: a small fixed set, so a safe tag.</param>
    public void HubRefused(string method) => _hubRefusals.Add(1, new KeyValuePair<string, object?>("method", method));

    public void AdmissionRefused() => _admissionRefusals.Add(1);

    public void ImportTook(string step, TimeSpan elapsed) => _importDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("step", step));

    public void PrintTook(string document, TimeSpan elapsed) => _printDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("document", document));

    internal static long LargestAckLag(KioskSessions sessions)
    {
        long largest = 0;
        foreach (var session in sessions.All)
        {
            var sent = Math.Max(session.LastSent, Interlocked.Read(ref session.Served));
            largest = Math.Max(largest, sent - Interlocked.Read(ref session.AckedSeq));
        }
        return largest;
    }
}
