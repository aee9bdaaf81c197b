namespace SignageKiosk.Kiosk.Sync;

/// <summary>The Kiosk:Sync settings.</summary>
public sealed class KioskSyncOptions
{
    /// <summary>
    /// WebSockets (default) suits every network that passes the upgrade. Negotiate is for station networks whose
    /// proxies refuse it: the kiosk falls back to Server-Sent Events, then long polling (needs sticky sessions
    /// with several controller nodes).
    /// </summary>
    public SyncTransport Transport { get; set; } = SyncTransport.WebSockets;
}
