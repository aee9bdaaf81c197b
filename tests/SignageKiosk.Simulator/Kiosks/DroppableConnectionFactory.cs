using System.Net;
using Microsoft.AspNetCore.Connections;
using SignageKiosk.Simulator.Kiosks.Wire;

namespace SignageKiosk.Simulator.Kiosks;

/// <summary>
/// The kiosk's WebSocket factory (its bytes counted per kiosk), plus what a load test needs: the live connection,
/// to cut it like a network drop would, and the outcome of every connect attempt.
/// </summary>
public sealed class DroppableConnectionFactory(WebSocketConnectionFactory inner, Action<Exception> connectFailed) : IConnectionFactory
{
    private ConnectionContext? _current;
    private int _attempts;

    public WebSocketConnectionFactory Inner { get; } = inner;
    public int Attempts => Volatile.Read(ref _attempts);

    public async ValueTask<ConnectionContext> ConnectAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _attempts);
        try
        {
            var connection = await Inner.ConnectAsync(endpoint, cancellationToken);
            Volatile.Write(ref _current, connection);
            return connection;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            connectFailed(e);
            throw;
        }
    }

    /// <summary>Aborts the socket without a close frame: the client sees a lost connection and reconnects.</summary>
    public void Drop()
    {
        try
        {
            Volatile.Read(ref _current)?.Abort();
        }
        catch (ObjectDisposedException)
        {
            // That connection was already closed (the kiosk went offline): nothing to cut.
        }
    }
}
