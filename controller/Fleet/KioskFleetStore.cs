using System.Globalization;
using SignageKiosk.Controller.Storage;

namespace SignageKiosk.Controller.Fleet;

/// <summary>The kiosk_fleet table: what each kiosk last said about itself (decision 0041: SQL only in stores).</summary>
public sealed class KioskFleetStore(ControllerDb db, TimeProvider time)
{
    /// <summary>What a kiosk last reported, or null when it never reported anything.</summary>
    public sealed class Reported
    {
        public bool ScreenOff { get; init; }
        public double? HeartbeatSeconds { get; init; }
        public string? InstallationId { get; init; }
        public bool StorageFull { get; init; }
        public double? ClockSkewMs { get; init; }
    }

    public async Task<Reported?> ReportedAsync(string kioskId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrNullAsync<Reported>(
            "SELECT screen_off, heartbeat_seconds, installation_id, storage_full, clock_skew_ms FROM kiosk_fleet WHERE kiosk_id = @kiosk;",
            null, cancellationToken, ("@kiosk", kioskId));
    }

    public Task RecordHelloAsync(string kioskId, bool screenOff, bool storageFull, double? heartbeat, string? installation, double? skew, CancellationToken cancellationToken) =>
        UpsertAsync(kioskId,
            "screen_off = @off, storage_full = @full, reported_at = @now, heartbeat_seconds = @heartbeat, installation_id = coalesce(@installation, installation_id), clock_skew_ms = @skew",
            cancellationToken, ("@off", screenOff ? 1 : 0), ("@full", storageFull ? 1 : 0), ("@heartbeat", heartbeat), ("@installation", installation), ("@skew", skew));

    public Task RecordReportAsync(string kioskId, bool screenOff, bool storageFull, CancellationToken cancellationToken) =>
        UpsertAsync(kioskId, "screen_off = @off, storage_full = @full, reported_at = @now", cancellationToken,
            ("@off", screenOff ? 1 : 0), ("@full", storageFull ? 1 : 0));

    public Task RecordInstallationAsync(string kioskId, string installationId, CancellationToken cancellationToken) =>
        UpsertAsync(kioskId, "installation_id = @installation", cancellationToken, ("@installation", installationId));

    private async Task UpsertAsync(string kioskId, string set, CancellationToken cancellationToken, params (string Name, object? Value)[] values)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecAsync(
            $"""
            INSERT INTO kiosk_fleet(kiosk_id) SELECT @kiosk WHERE EXISTS (SELECT 1 FROM kiosks WHERE id = @kiosk) ON CONFLICT(kiosk_id) DO NOTHING;
            UPDATE kiosk_fleet SET {set} WHERE kiosk_id = @kiosk;
            """,
            null, cancellationToken, [("@kiosk", kioskId), ("@now", time.GetUtcNow().ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)), .. values]);
    }
}
