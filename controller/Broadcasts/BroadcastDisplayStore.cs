using System.Data.Common;
using System.Globalization;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Shared.Content;

namespace SignageKiosk.Controller.Broadcasts;

/// <summary>
/// The broadcast_displays table and the reads around it (decision 0041: SQL only in stores). Static over the caller's
/// connection, as <see cref="BroadcastDisplays"/> reads a broadcast and records its display on one connection.
/// </summary>
internal static class BroadcastDisplayStore
{
    /// <summary>A kiosk of the broadcast's area, with when it displayed the broadcast (null: not yet).</summary>
    public sealed class TargetedKiosk
    {
        public string Id { get; init; } = "";
        public string KioskPayload { get; init; } = "";
        public string StationPayload { get; init; } = "";
        public DateTimeOffset? DisplayedAt { get; init; }
    }

    /// <summary>The stored broadcast's payload, or null when there is no such broadcast.</summary>
    public static Task<string?> BroadcastPayloadAsync(DbConnection connection, string broadcastId, CancellationToken cancellationToken) =>
        connection.ScalarAsync<string>("SELECT payload FROM items WHERE kind = @kind AND id = @id;", null, cancellationToken,
            ("@kind", ContentKind.EmergencyBroadcast), ("@id", broadcastId));

    /// <summary>Records the first report of a kiosk displaying a broadcast; false when one was recorded already.</summary>
    public static async Task<bool> RecordAsync(DbConnection connection, string broadcastId, string kioskId, DateTimeOffset displayedAt, DateTimeOffset now, CancellationToken cancellationToken) =>
        await connection.ExecAsync(
            "INSERT INTO broadcast_displays(broadcast_id, kiosk_id, displayed_at, reported_at) VALUES (@b, @k, @at, @now) ON CONFLICT DO NOTHING;",
            null, cancellationToken, ("@b", broadcastId), ("@k", kioskId), ("@at", Stamp(displayedAt)), ("@now", Stamp(now))) > 0;

    /// <summary>Every kiosk at or under <paramref name="placeId"/>: those not yet displaying the broadcast first, then by id.</summary>
    public static Task<List<TargetedKiosk>> TargetedKiosksAsync(DbConnection connection, string? placeId, string broadcastId, CancellationToken cancellationToken) =>
        connection.QueryAsync<TargetedKiosk>(
            """
            WITH RECURSIVE sub(id) AS (SELECT @place UNION SELECT p.id FROM places p JOIN sub ON p.parent_id = sub.id)
            SELECT k.id, k.payload AS kiosk_payload, s.payload AS station_payload, d.displayed_at
            FROM kiosks k JOIN stations s ON s.id = k.station_id
            LEFT JOIN broadcast_displays d ON d.kiosk_id = k.id AND d.broadcast_id = @broadcast
            WHERE coalesce(k.place_id, s.place_id) IN (SELECT id FROM sub)
            ORDER BY d.displayed_at IS NOT NULL, k.id;
            """, null, cancellationToken, ("@place", placeId), ("@broadcast", broadcastId));

    private static string Stamp(DateTimeOffset value) => value.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
}
