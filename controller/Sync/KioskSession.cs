using System.Threading.Channels;
using SignageKiosk.Shared.Sync;

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
        Outbox = Channel.CreateBounded<SyncChange>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.DropWrite,
        });
    }

    public string ConnectionId { get; }
    public string KioskId { get; }
    public string? StationId { get; }
    public IReadOnlyList<string> Chain { get; }
    public Channel<SyncChange> Outbox { get; }

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
}
