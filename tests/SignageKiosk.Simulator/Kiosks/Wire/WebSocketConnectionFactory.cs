using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Connections;

namespace SignageKiosk.Simulator.Kiosks.Wire;

/// <summary>
/// The simulator's lightweight link: straight to the hub over one WebSocket, no negotiate, no HttpClient, so
/// 10,000 simulated kiosks fit in one process. The real kiosk uses the full SignalR client (docs/decisions/0017);
/// on the wire this is what the kiosk's default transport (WebSockets, SkipNegotiation) sends. Counts bytes.
/// </summary>
public sealed class WebSocketConnectionFactory(Func<Uri, CancellationToken, Task<WebSocket>> connect) : IConnectionFactory
{
    private long _received;
    private long _sent;

    public long BytesReceived => Interlocked.Read(ref _received);
    public long BytesSent => Interlocked.Read(ref _sent);

    internal void CountReceived(int bytes) => Interlocked.Add(ref _received, bytes);
    internal void CountSent(long bytes) => Interlocked.Add(ref _sent, bytes);

    public async ValueTask<ConnectionContext> ConnectAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        var uri = endpoint is UriEndPoint uriEndPoint ? uriEndPoint.Uri : throw new NotSupportedException($"cannot connect to {endpoint}");
        var builder = new UriBuilder(uri)
        {
            Scheme = uri.Scheme switch
            {
                "https" => "wss",
                "http" => "ws",
                _ => uri.Scheme,
            },
        };
        var socket = await connect(builder.Uri, cancellationToken);
        var connection = new WebSocketConnection(socket, this);
        connection.Start();
        return connection;
    }

    /// <summary>The production connector: a ClientWebSocket carrying the device credential.</summary>
    public static Func<Uri, CancellationToken, Task<WebSocket>> ClientWebSocketConnector(Func<string?> credential, TimeSpan timeout) =>
        async (uri, cancellationToken) =>
        {
            var socket = new ClientWebSocket();
            if (credential() is { } secret)
            {
                socket.Options.SetRequestHeader("Authorization", "Bearer " + secret);
            }
            socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(15);
            using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeoutSource.CancelAfter(timeout);
            try
            {
                // As the kiosk: a refused upgrade's retry hint becomes ControllerBusyException, which the connect loops honour.
                await Kiosk.Sync.ControllerBusyException.ConnectAsync(socket, uri, timeoutSource.Token);
                return socket;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };
}
