using SignageKiosk.Shared.Fleet;
using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Controller.Fleet;

/// <summary>
/// What kiosks say about themselves (screen off on purpose, heartbeat interval, installation id), kept so
/// the fleet list is right after a controller restart too. Written on Hello (when something changed) and when the screen changes only.
/// </summary>
public sealed class FleetReports(KioskFleetStore store, TimeProvider time)
{
    public async Task RecordHelloAsync(string kioskId, HelloRequest hello, CancellationToken cancellationToken)
    {
        double? heartbeat = hello.HeartbeatSeconds is { } seconds && double.IsFinite(seconds) && seconds > 0 ? seconds : null;
        var installation = hello.InstallationId is { Length: > 0 and <= 64 } id ? id : null;
        // Device minus controller, give or take the trip; unknown when the kiosk did not say.
        double? skew = hello.DeviceTime is { } device ? Math.Round((device - time.GetUtcNow()).TotalMilliseconds) : null;
        if (Unchanged(await store.ReportedAsync(kioskId, cancellationToken), hello.ScreenOff, hello.StorageFull, heartbeat, installation, skew))
        {
            // A reconnect that reports nothing new costs a read, not a committed write: after a controller restart
            // thousands of kiosks say hello at once, and each write would queue for the one writer. The live
            // session's last-seen time is recorded by the AckFlusher.
            return;
        }
        await store.RecordHelloAsync(kioskId, hello.ScreenOff, hello.StorageFull, heartbeat, installation, skew, cancellationToken);
    }

    public Task RecordReportAsync(string kioskId, FleetReport report, CancellationToken cancellationToken) =>
        store.RecordReportAsync(kioskId, report.ScreenOff, report.StorageFull, cancellationToken);

    public Task RecordInstallationAsync(string kioskId, string installationId, CancellationToken cancellationToken) =>
        store.RecordInstallationAsync(kioskId, installationId, cancellationToken);

    // Clock skew measured on each hello jitters by the round trip: within a second it is the same report.
    private const double SkewToleranceMs = 1000;

    private static bool Unchanged(KioskFleetStore.Reported? stored, bool screenOff, bool storageFull, double? heartbeat, string? installation, double? skew) =>
        stored is not null
        && stored.ScreenOff == screenOff
        && stored.StorageFull == storageFull
        && (skew is null ? stored.ClockSkewMs is null : stored.ClockSkewMs is { } storedSkew && Math.Abs(storedSkew - skew.Value) <= SkewToleranceMs)
        && stored.HeartbeatSeconds == heartbeat
        // A hello without an installation id keeps the stored one (coalesce), so it changes nothing.
        && (installation is null || installation == stored.InstallationId);
}
