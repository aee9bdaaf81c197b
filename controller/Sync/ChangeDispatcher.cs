using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Protocol;
using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Controller.Sync;

/// <summary>
/// Pushes committed changes, strictly in sequence order, into the outboxes of the kiosks they target.
/// Each change is stamped per kiosk with the previous change that kiosk was sent, so a kiosk spots a hole
/// in its own stream. Pushes are hints: a kiosk that misses one catches up from its cursor.
/// Kiosks that share a previous sequence share one stamped change and its serialised frame (docs/decisions/0038).
/// </summary>
public sealed class ChangeDispatcher(KioskSessions sessions, KioskHubLifetimeManager connections, TimeProvider time, ILogger<ChangeDispatcher> logger) : BackgroundService
{
    private readonly Channel<ChangeRecord> _queue = Channel.CreateUnbounded<ChangeRecord>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _gate = new();
    private long _lastDispatched;

    /// <summary>Optional filter, for fault-injection tests: return false to lose the push to that kiosk.</summary>
    public Func<KioskSession, SyncChange, bool>? DeliveryFilter { get; set; }

    /// <summary>Called by the store, in commit order, while it still holds its write lock.</summary>
    public void Enqueue(ChangeRecord change) => _queue.Writer.TryWrite(change);

    /// <summary>Starts live delivery to a session at a point consistent with what the dispatcher has sent.</summary>
    public async Task<long> RegisterAsync(KioskSession session, Func<long, Task<long>> headUpTo)
    {
        // The head lookup and the registration must not interleave with a dispatch, so the dispatcher is
        // paused by taking its gate; the lookup is a couple of index seeks.
        long upTo;
        lock (_gate)
        {
            upTo = Volatile.Read(ref _lastDispatched);
        }
        var head = await headUpTo(upTo);
        lock (_gate)
        {
            // Anything dispatched while we looked is covered: the kiosk catches up from its cursor anyway, and
            // Prev below a kiosk's cursor is accepted.
            session.LastSent = head;
            sessions.Add(session);
            StartSendLoop(session);
            return head;
        }
    }

    public void SetStartingPoint(long head) => Volatile.Write(ref _lastDispatched, head);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var change in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                Dispatch(change);
            }
            catch (Exception e)
            {
                // Never let one bad change stop all pushes; kiosks still reach it through catch-up.
                logger.LogError(e, "Could not push change {Seq}", change.Seq);
                Volatile.Write(ref _lastDispatched, change.Seq);
            }
        }
    }

    internal void Dispatch(ChangeRecord change)
    {
        SyncChange? message = null;
        // Distinct previous sequences among the targets: a handful (kiosks on the same places share their history).
        Dictionary<long, StampedChange>? byPrev = null;
        long? now = null;
        lock (_gate)
        {
            foreach (var session in sessions.Targeted(change.TargetPlaceId, change.TargetKioskId))
            {
                message ??= ChangeLog.ToSyncChange(change.Seq, 0, change.Kind, change.ItemId, change.Op, change.Payload);
                byPrev ??= [];
                var prev = session.LastSent;
                if (!byPrev.TryGetValue(prev, out var stamped))
                {
                    byPrev[prev] = stamped = new StampedChange(message with { Prev = prev });
                }
                // Advance even if the push is lost: the next push then carries a Prev the kiosk lacks.
                session.LastSent = change.Seq;
                if (DeliveryFilter is { } filter && !filter(session, stamped.Change))
                {
                    continue;
                }
                if (session.Outbox.Writer.TryWrite(stamped))
                {
                    session.TimePush(change.Seq, now ??= time.GetTimestamp());
                }
                else if (Interlocked.Increment(ref session.Dropped) == 1)
                {
                    logger.LogWarning("Kiosk {KioskId} is not keeping up; it will catch up from its cursor", session.KioskId);
                }
            }
            Volatile.Write(ref _lastDispatched, change.Seq);
        }
    }

    /// <summary>Asks matching kiosks to say Hello again, after their placement changed.</summary>
    public async Task RequestRehelloAsync(Func<KioskSession, bool> predicate)
    {
        foreach (var session in sessions.Matching(predicate))
        {
            try
            {
                await connections.SendConnectionAsync(session.ConnectionId, SyncProtocol.Rehello, []);
            }
            catch (Exception e)
            {
                logger.LogDebug(e, "Could not ask kiosk {KioskId} to reconnect", session.KioskId);
            }
        }
    }

    private void StartSendLoop(KioskSession session)
    {
        _ = Task.Run(async () =>
        {
            var outbox = session.Outbox.Reader;
            var batch = new List<SyncChange>(64);
            try
            {
                if (connections.Find(session.ConnectionId) is not { } connection)
                {
                    // The connection closed while its hello was still registering: nothing can be pushed to it.
                    sessions.Remove(session.ConnectionId);
                    return;
                }
                while (await outbox.WaitToReadAsync())
                {
                    if (!outbox.TryRead(out var first))
                    {
                        continue;
                    }
                    if (!outbox.TryPeek(out _))
                    {
                        // The usual case, one change waiting: the frame shared with every kiosk of the same Prev.
                        await connection.WriteAsync(first.Frame);
                        continue;
                    }
                    // A backlog (a burst of publishes, or a slow kiosk): one frame for the lot, serialised for this kiosk alone.
                    batch.Clear();
                    batch.Add(first.Change);
                    while (batch.Count < SyncProtocol.MaxBatch && outbox.TryRead(out var next))
                    {
                        batch.Add(next.Change);
                    }
                    await connection.WriteAsync(new InvocationMessage(SyncProtocol.Changes, [new ChangeBatch { Changes = batch.ToArray() }]));
                }
            }
            catch (Exception e)
            {
                logger.LogDebug(e, "Send loop for kiosk {KioskId} ended", session.KioskId);
            }
        });
    }
}
