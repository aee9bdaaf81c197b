namespace SignageKiosk.Kiosk.Sync;

/// <summary>What the kiosk knows about its link to the controller, for /healthz and the logs.</summary>
public sealed class SyncStatus
{
    private long _catchUps;
    private long _gaps;
    private long _changesApplied;

    public volatile bool Connected;
    public string? LastError { get; set; }
    public DateTimeOffset? LastSyncAt { get; set; }
    public DateTimeOffset? ConnectedSince { get; set; }
    /// <summary>Controller clock minus kiosk clock, from the last hello.</summary>
    public TimeSpan? ClockOffset { get; set; }
    public string State { get; set; } = "starting";

    public long CatchUps => Interlocked.Read(ref _catchUps);
    public long GapsDetected => Interlocked.Read(ref _gaps);
    public long ChangesApplied => Interlocked.Read(ref _changesApplied);

    public void CountCatchUp() => Interlocked.Increment(ref _catchUps);
    public void CountGap() => Interlocked.Increment(ref _gaps);
    public void CountApplied(int count) => Interlocked.Add(ref _changesApplied, count);
}
