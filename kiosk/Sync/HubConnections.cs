using System.Net.WebSockets;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;
using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Kiosk.Sync;

/// <summary>Builds the kiosk's hub connection with the full SignalR client (docs/decisions/0017).</summary>
public static class HubConnections
{
    public static HubConnection Build(Uri hubUri, SyncTransport transport, Func<string?> credential, WireCounter wire, IRetryPolicy retry, TimeSpan connectTimeout)
    {
        var transports = transport switch
        {
            SyncTransport.Negotiate => HttpTransportType.WebSockets | HttpTransportType.ServerSentEvents | HttpTransportType.LongPolling,
            SyncTransport.ServerSentEvents => HttpTransportType.ServerSentEvents,
            SyncTransport.LongPolling => HttpTransportType.LongPolling,
            _ => HttpTransportType.WebSockets,
        };
        var builder = new HubConnectionBuilder()
            .WithUrl(hubUri, transports, http =>
            {
                // Straight to the WebSocket: no negotiate round trip, so no sticky sessions across controller nodes.
                http.SkipNegotiation = transport == SyncTransport.WebSockets;
                // Asked on every connect and reconnect: a rotated credential is used from the next connection on.
                http.AccessTokenProvider = () => Task.FromResult(credential());
                http.HttpMessageHandlerFactory = inner => new HubHttpHandler(inner, credential, wire);
                http.WebSocketFactory = (context, cancellationToken) => ConnectWebSocketAsync(context, wire, connectTimeout, cancellationToken);
            })
            .AddJsonProtocol(json => SyncJson.Configure(json.PayloadSerializerOptions))
            .WithAutomaticReconnect(retry);
        return builder.Build();
    }

    private static async ValueTask<WebSocket> ConnectWebSocketAsync(WebSocketConnectionContext context, WireCounter wire, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        if (context.Options.AccessTokenProvider is { } provider && await provider() is { } secret)
        {
            socket.Options.SetRequestHeader("Authorization", "Bearer " + secret);
        }
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(15);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            // A controller admitting other kiosks first refuses the upgrade with a retry hint, which the connect loops honour.
            await ControllerBusyException.ConnectAsync(socket, context.Uri, timeoutSource.Token);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        wire.Carried(SyncTransport.WebSockets);
        return new CountingWebSocket(socket, wire);
    }
}
