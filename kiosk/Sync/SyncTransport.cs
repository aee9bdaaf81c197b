namespace SignageKiosk.Kiosk.Sync;

/// <summary>How the kiosk reaches the controller's hub (Kiosk:Sync:Transport).</summary>
public enum SyncTransport
{
    /// <summary>WebSockets straight away, no negotiate request: any controller node can take the kiosk, no sticky sessions.</summary>
    WebSockets,
    /// <summary>Negotiate, then WebSockets, Server-Sent Events or long polling, whichever the network lets through.</summary>
    Negotiate,
    ServerSentEvents,
    LongPolling,
}
