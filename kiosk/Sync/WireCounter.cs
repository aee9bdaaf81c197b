namespace SignageKiosk.Kiosk.Sync;

/// <summary>
/// Bytes between the kiosk and the controller's hub, for /healthz and the benchmarks: WebSocket message payloads,
/// and for HTTP transports (negotiate, Server-Sent Events, long polling) the bodies plus the header lines.
/// Also which transport carried the link last.
/// </summary>
public sealed class WireCounter
{
    private long _received;
    private long _sent;
    private volatile string? _transport;

    public long BytesReceived => Interlocked.Read(ref _received);
    public long BytesSent => Interlocked.Read(ref _sent);
    /// <summary>WebSockets, ServerSentEvents or LongPolling; null before the first connection.</summary>
    public string? Transport => _transport;

    public void CountReceived(long bytes) => Interlocked.Add(ref _received, bytes);
    public void CountSent(long bytes) => Interlocked.Add(ref _sent, bytes);
    public void Carried(SyncTransport transport) => _transport = transport.ToString();
}
