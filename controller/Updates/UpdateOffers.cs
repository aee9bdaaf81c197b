using Microsoft.AspNetCore.SignalR;
using SignageKiosk.Controller.Sync;
using SignageKiosk.Shared.Sync;
using SignageKiosk.Shared.Updates;

namespace SignageKiosk.Controller.Updates;

/// <summary>
/// Offers builds to kiosks over the hub. Pushes are hints, as for changes: a kiosk also asks (CheckForUpdate) after
/// every hello and heartbeat, so one that was offline, or connected to another node, is offered the build then.
/// </summary>
public sealed class UpdateOffers(RolloutStore rollouts, KioskSessions sessions, IHubContext<KioskHub> hub, TimeProvider time, ILogger<UpdateOffers> logger)
{
    /// <summary>How long "no rollout is active" is believed without asking the store: every kiosk asks at every heartbeat.</summary>
    public static readonly TimeSpan QuietFor = TimeSpan.FromSeconds(10);

    private long _quietUntilTicks;

    /// <summary>A rollout changed on this node: ask the store again at the next question (other nodes within <see cref="QuietFor"/>).</summary>
    public void Changed() => Interlocked.Exchange(ref _quietUntilTicks, 0);

    /// <summary>After a rollout changed (made, resumed, a kiosk's report): offer the build to every due kiosk connected here.</summary>
    public async Task PushAsync(CancellationToken cancellationToken)
    {
        foreach (var kioskId in await rollouts.DueAsync(time.GetUtcNow(), cancellationToken))
        {
            var connected = sessions.OfKiosk(kioskId);
            if (connected.Count == 0 || await rollouts.OfferAsync(kioskId, time.GetUtcNow(), cancellationToken) is not { } offer)
            {
                continue;
            }
            logger.LogInformation("Offering build {Version} ({Sha256}) of rollout {RolloutId} to kiosk {KioskId}", offer.Version, offer.Sha256, offer.RolloutId, kioskId);
            foreach (var session in connected)
            {
                await hub.Clients.Client(session.ConnectionId).SendAsync(SyncProtocol.OfferUpdate, offer, cancellationToken);
            }
        }
    }

    /// <summary>Runs <see cref="PushAsync"/> without holding up the caller (a hub method, a staff request); failures are logged.</summary>
    public void PushSoon()
    {
        Changed();
        _ = Task.Run(async () =>
        {
            try
            {
                await PushAsync(CancellationToken.None);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Offering builds to connected kiosks failed; they ask again at their next heartbeat");
            }
        });
    }

    public async Task<UpdateOffer?> ForAsync(string kioskId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now.UtcTicks < Interlocked.Read(ref _quietUntilTicks))
        {
            return null;
        }
        if (!await rollouts.AnyActiveAsync(cancellationToken))
        {
            Interlocked.Exchange(ref _quietUntilTicks, (now + QuietFor).UtcTicks);
            return null;
        }
        return await rollouts.OfferAsync(kioskId, now, cancellationToken);
    }
}
