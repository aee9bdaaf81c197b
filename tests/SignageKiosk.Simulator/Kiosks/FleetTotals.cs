namespace SignageKiosk.Simulator.Kiosks;

/// <summary>A fleet's counters summed at one moment.</summary>
public sealed record FleetTotals(
    int Started,
    int Connected,
    int Synced,
    int Hellos,
    int Snapshots,
    int CatchUps,
    int Gaps,
    int Drops,
    int StepErrors,
    int ConnectAttempts,
    int ConnectFailures,
    long ChangesApplied,
    long BytesReceived,
    long BytesSent,
    IReadOnlyDictionary<string, int> Problems)
{
    public override string ToString() =>
        $"{Synced}/{Started} synced ({Connected} connected); hellos {Hellos}, snapshots {Snapshots}, catch-ups {CatchUps}, gaps {Gaps}, drops {Drops}, "
        + $"connect attempts {ConnectAttempts} (failed {ConnectFailures}), step errors {StepErrors}, changes applied {ChangesApplied}";
}
