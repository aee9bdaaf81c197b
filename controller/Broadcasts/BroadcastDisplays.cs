using System.Security.Claims;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Cluster;
using SignageKiosk.Controller.Content;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Controller.Sync;
using SignageKiosk.Shared.Broadcasts;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Controller.Broadcasts;

/// <summary>Which kiosks displayed which emergency broadcast, as the kiosks report it; read for staff per broadcast.</summary>
public sealed class BroadcastDisplays(ControllerDb db, ContentStore content, KioskPresence presence, TimeProvider time, ILogger<BroadcastDisplays> logger)
{
    // A kiosk clock is corrected on hello; a report further out than this is taken as "now".
    private static readonly TimeSpan Plausible = TimeSpan.FromMinutes(5);

    /// <summary>Records that a kiosk displayed a broadcast; false when the broadcast is not one that kiosk receives.</summary>
    public async Task<bool> RecordAsync(string kioskId, IReadOnlyList<string> chain, string broadcastId, DateTimeOffset displayedAt, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var payload = await BroadcastDisplayStore.BroadcastPayloadAsync(connection, broadcastId, cancellationToken);
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
        if (await BroadcastDisplayStore.RecordAsync(connection, broadcastId, kioskId, displayedAt, now, cancellationToken))
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
        var connected = await presence.ConnectedKiosksAsync(cancellationToken);
        var kiosks = new List<BroadcastKiosk>();
        foreach (var row in await BroadcastDisplayStore.TargetedKiosksAsync(connection, broadcast.Target.PlaceId, broadcastId, cancellationToken))
        {
            kiosks.Add(new BroadcastKiosk
            {
                Id = row.Id,
                Name = ContentJson.Deserialize<Kiosk>(row.KioskPayload).Name,
                StationName = ContentJson.Deserialize<Station>(row.StationPayload).Name,
                Connected = connected.Contains(row.Id),
                DisplayedAt = row.DisplayedAt,
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
}
