using System.Globalization;
using System.Security.Claims;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Content;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Controller.Sync;
using SignageKiosk.Shared.Broadcasts;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Controller.Broadcasts;

/// <summary>Which kiosks displayed which emergency broadcast, as the kiosks report it; read for staff per broadcast.</summary>
public sealed class BroadcastDisplays(ControllerDb db, ContentStore content, KioskSessions sessions, TimeProvider time, ILogger<BroadcastDisplays> logger)
{
    // A kiosk clock is corrected on hello; a report further out than this is taken as "now".
    private static readonly TimeSpan Plausible = TimeSpan.FromMinutes(5);

    /// <summary>Records that a kiosk displayed a broadcast; false when the broadcast is not one that kiosk receives.</summary>
    public async Task<bool> RecordAsync(string kioskId, IReadOnlyList<string> chain, string broadcastId, DateTimeOffset displayedAt, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var payload = await connection.ScalarAsync<string>("SELECT payload FROM items WHERE kind = @kind AND id = @id;", null, cancellationToken,
            ("@kind", ContentKind.EmergencyBroadcast), ("@id", broadcastId));
        if (payload is null || ContentJson.DeserializeItem(ContentKind.EmergencyBroadcast, payload) is not EmergencyBroadcast broadcast
            || broadcast.Target.PlaceId is not { } placeId || !chain.Contains(placeId, StringComparer.Ordinal))
        {
            return false;
        }
        var now = time.GetUtcNow();
        if (displayedAt > now + Plausible || displayedAt < broadcast.StartsAt - Plausible)
        {
            displayedAt = now;
        }
        var inserted = await connection.ExecAsync(
            "INSERT INTO broadcast_displays(broadcast_id, kiosk_id, displayed_at, reported_at) VALUES (@b, @k, @at, @now) ON CONFLICT DO NOTHING;",
            null, cancellationToken, ("@b", broadcastId), ("@k", kioskId), ("@at", Stamp(displayedAt)), ("@now", Stamp(now)));
        if (inserted > 0)
        {
            logger.LogInformation("Kiosk {KioskId} displayed broadcast {BroadcastId} at {DisplayedAt}", kioskId, broadcastId, displayedAt);
        }
        return true;
    }

    /// <summary>The broadcast and every kiosk it targets, displayed or not; null when it does not exist or is outside the caller's area.</summary>
    public async Task<BroadcastStatus?> StatusAsync(string broadcastId, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        if (await content.GetAsync(ContentKind.EmergencyBroadcast, broadcastId, caller, cancellationToken) is not { Item: EmergencyBroadcast broadcast })
        {
            return null;
        }
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            """
            WITH RECURSIVE sub(id) AS (SELECT @place UNION SELECT p.id FROM places p JOIN sub ON p.parent_id = sub.id)
            SELECT k.id, k.payload, s.payload, d.displayed_at
            FROM kiosks k JOIN stations s ON s.id = k.station_id
            LEFT JOIN broadcast_displays d ON d.kiosk_id = k.id AND d.broadcast_id = @broadcast
            WHERE coalesce(k.place_id, s.place_id) IN (SELECT id FROM sub)
            ORDER BY d.displayed_at IS NOT NULL, k.id;
            """, null, ("@place", broadcast.Target.PlaceId), ("@broadcast", broadcastId));
        var connected = sessions.All.Select(s => s.KioskId).ToHashSet(StringComparer.Ordinal);
        var kiosks = new List<BroadcastKiosk>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetString(0);
            kiosks.Add(new BroadcastKiosk
            {
                Id = id,
                Name = ContentJson.Deserialize<Kiosk>(reader.GetString(1)).Name,
                StationName = ContentJson.Deserialize<Station>(reader.GetString(2)).Name,
                Connected = connected.Contains(id),
                DisplayedAt = reader.IsDBNull(3) ? null : DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture),
            });
        }
        return new BroadcastStatus { Broadcast = broadcast, Live = broadcast.IsLiveAt(time.GetUtcNow()), Kiosks = kiosks };
    }

    /// <summary>Ends a broadcast now, through the store (rights, audit, change log); clearing one already over changes nothing.</summary>
    public async Task<EmergencyBroadcast?> ClearAsync(string broadcastId, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        if (await content.GetAsync(ContentKind.EmergencyBroadcast, broadcastId, caller, cancellationToken) is not { Item: EmergencyBroadcast broadcast })
        {
            return null;
        }
        var now = time.GetUtcNow();
        if (broadcast.ClearedAt is not null || now >= broadcast.EndsAt)
        {
            return broadcast;
        }
        var cleared = broadcast with { ClearedAt = now };
        await content.UpsertAsync(ContentKind.EmergencyBroadcast, cleared, WriteMode.Replace, caller, cancellationToken);
        logger.LogInformation("Broadcast {BroadcastId} cleared by {User}", broadcastId, caller.Identity?.Name);
        return cleared;
    }

    private static string Stamp(DateTimeOffset value) => value.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
}
