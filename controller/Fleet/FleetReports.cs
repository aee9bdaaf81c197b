using System.Globalization;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Shared.Fleet;
using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Controller.Fleet;

/// <summary>
/// What kiosks say about themselves (screen off on purpose, heartbeat interval, installation id), kept so
/// the fleet list is right after a controller restart too. Written on Hello (when something changed) and when the screen changes only.
/// </summary>
public sealed class FleetReports(ControllerDb db, TimeProvider time)
{
    public async Task RecordHelloAsync(string kioskId, HelloRequest hello, CancellationToken cancellationToken)
    {
        double? heartbeat = hello.HeartbeatSeconds is { } seconds && double.IsFinite(seconds) && seconds > 0 ? seconds : null;
        var installation = hello.InstallationId is { Length: > 0 and <= 64 } id ? id : null;
        // Device minus controller, give or take the trip; unknown when the kiosk did not say.
        double? skew = hello.DeviceTime is { } device ? Math.Round((device - time.GetUtcNow()).TotalMilliseconds) : null;
        if (await UnchangedAsync(kioskId, hello.ScreenOff, hello.StorageFull, heartbeat, installation, skew, cancellationToken))
        {
            // A reconnect that reports nothing new costs a read, not a committed write: after a controller restart
            // thousands of kiosks say hello at once, and each write would queue for the one writer. The live
            // session's last-seen time is recorded by the AckFlusher.
            return;
        }
        await UpsertAsync(kioskId,
            "screen_off = @off, storage_full = @full, reported_at = @now, heartbeat_seconds = @heartbeat, installation_id = coalesce(@installation, installation_id), clock_skew_ms = @skew",
            cancellationToken, ("@off", hello.ScreenOff ? 1 : 0), ("@full", hello.StorageFull ? 1 : 0), ("@heartbeat", heartbeat), ("@installation", installation), ("@skew", skew));
    }

    public Task RecordReportAsync(string kioskId, FleetReport report, CancellationToken cancellationToken) =>
        UpsertAsync(kioskId, "screen_off = @off, storage_full = @full, reported_at = @now", cancellationToken,
            ("@off", report.ScreenOff ? 1 : 0), ("@full", report.StorageFull ? 1 : 0));

    public Task RecordInstallationAsync(string kioskId, string installationId, CancellationToken cancellationToken) =>
        UpsertAsync(kioskId, "installation_id = @installation", cancellationToken, ("@installation", installationId));

    // Clock skew measured on each hello jitters by the round trip: within a second it is the same report.
    private const double SkewToleranceMs = 1000;

    private async Task<bool> UnchangedAsync(string kioskId, bool screenOff, bool storageFull, double? heartbeat, string? installation, double? skew, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            "SELECT screen_off, heartbeat_seconds, installation_id, storage_full, clock_skew_ms FROM kiosk_fleet WHERE kiosk_id = @kiosk;", null, ("@kiosk", kioskId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return false;
        }
        var storedHeartbeat = reader.IsDBNull(1) ? (double?)null : reader.GetDouble(1);
        var storedInstallation = reader.IsDBNull(2) ? null : reader.GetString(2);
        var storedSkew = reader.IsDBNull(4) ? (double?)null : reader.GetDouble(4);
        return (reader.GetInt64(0) != 0) == screenOff
            && (reader.GetInt64(3) != 0) == storageFull
            && (skew is null ? storedSkew is null : storedSkew is { } stored && Math.Abs(stored - skew.Value) <= SkewToleranceMs)
            && storedHeartbeat == heartbeat
            // A hello without an installation id keeps the stored one (coalesce), so it changes nothing.
            && (installation is null || installation == storedInstallation);
    }

    private async Task UpsertAsync(string kioskId, string set, CancellationToken cancellationToken, params (string Name, object? Value)[] values)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            $"""
            INSERT INTO kiosk_fleet(kiosk_id) SELECT @kiosk WHERE EXISTS (SELECT 1 FROM kiosks WHERE id = @kiosk) ON CONFLICT(kiosk_id) DO NOTHING;
            UPDATE kiosk_fleet SET {set} WHERE kiosk_id = @kiosk;
            """,
            null, [("@kiosk", kioskId), ("@now", time.GetUtcNow().ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)), .. values]);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
