using System.Threading.Channels;

namespace SignageKiosk.Controller.Sync;

/// <summary>
/// One live kiosk connection. Changes reach it through its own outbox and send loop, so a stalled
/// kiosk never holds up the others.
/// </summary>
public sealed class KioskSession
{
    public KioskSession(string connectionId, string kioskId, string? stationId, IReadOnlyList<string> chain, int capacity, Action abort)
    {
        Abort = abort;
        ConnectionId = connectionId;
        KioskId = kioskId;
        StationId = stationId;
        Chain = chain;
        Outbox = Channel.CreateBounded<StampedChange>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            // Only ever written with TryWrite, which then answers false when full (DropWrite would answer true and drop
            // silently, so the dispatcher could never tell that a kiosk is not keeping up).
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public string ConnectionId { get; }
    public string KioskId { get; }
    public string? StationId { get; }
    public IReadOnlyList<string> Chain { get; }
    public Channel<StampedChange> Outbox { get; }

    /// <summary>Cuts the connection (credential revoked, kiosk removed); the kiosk must authenticate again.</summary>
    public Action Abort { get; }

    /// <summary>Sequence of the last change handed to this kiosk (written by the dispatcher only).</summary>
    public long LastSent { get; set; }

    public long AckedSeq;
    /// <summary>Highest sequence handed out by hello, catch-up or snapshot on this connection (pushes: <see cref="LastSent"/>).</summary>
    public long Served;
    public long LastSeenTicks;
    public string? SoftwareVersion { get; set; }
    public int Dropped;

    // One push at a time is timed until its ack (the publish → ack histogram): two longs per connection, nothing per push.
    private long _timedSeq;
    private long _timedAt;

    /// <summary>Dispatcher: starts timing this push unless one is being timed already.</summary>
    public void TimePush(long seq, long timestamp)
    {
        if (Volatile.Read(ref _timedSeq) == 0)
        {
            Volatile.Write(ref _timedAt, timestamp);
            Volatile.Write(ref _timedSeq, seq);
        }
    }

    /// <summary>Ack: true, with when it was pushed, if <paramref name="acked"/> covers the push being timed (which stops).</summary>
    public bool TryEndTimedPush(long acked, out long pushedAt)
    {
        var timed = Volatile.Read(ref _timedSeq);
        pushedAt = Volatile.Read(ref _timedAt);
        return timed != 0 && acked >= timed && Interlocked.CompareExchange(ref _timedSeq, 0, timed) == timed;
    }
}
