using System.Net.WebSockets;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;
using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Kiosk.Sync;

/// <summary>Builds the kiosk's hub connection with the full SignalR client (docs/decisions/0017).</summary>
public static class HubConnections
{
    /// <summary>
    /// SignalR keeps one URL per connection; the kiosk's controller URL can change between attempts, so every attempt
    /// opens its socket (or sends its HTTP requests) to the URL current at that moment, and an attempt that gets no
    /// answer moves the kiosk on to the next one (<see cref="ControllerEndpoints"/>). The backoff between attempts
    /// stays the retry policy's.
    /// </summary>
    public static HubConnection Build(ControllerEndpoints endpoints, SyncTransport transport, Func<string?> credential, WireCounter wire, IRetryPolicy retry, TimeSpan connectTimeout)
    {
        var builtFor = endpoints.Current;
        var hubUri = HubUri(builtFor);
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
                http.HttpMessageHandlerFactory = inner => new HubHttpHandler(inner, credential, wire, endpoints, builtFor);
                http.WebSocketFactory = (context, cancellationToken) => ConnectWebSocketAsync(context, endpoints, wire, connectTimeout, cancellationToken);
            })
            .AddJsonProtocol(json => SyncJson.Configure(json.PayloadSerializerOptions))
            .WithAutomaticReconnect(retry);
        return builder.Build();
    }

    public static Uri HubUri(Uri controllerBase) => new(controllerBase, SyncProtocol.HubPath.TrimStart('/'));

    private static async ValueTask<WebSocket> ConnectWebSocketAsync(WebSocketConnectionContext context, ControllerEndpoints endpoints, WireCounter wire, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var controllerBase = endpoints.Current;
        // The hub on the current controller, as ws(s), keeping whatever query the client put on its own URL.
        var target = new UriBuilder(HubUri(controllerBase))
        {
            Scheme = controllerBase.Scheme == Uri.UriSchemeHttps ? "wss" : "ws",
            Query = context.Uri.Query.TrimStart('?'),
        }.Uri;
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
            await ControllerBusyException.ConnectAsync(socket, target, timeoutSource.Token);
        }
        catch (Exception e)
        {
            // No answer (HttpStatusCode stays 0: refused, reset, timed out) or a node that cannot serve: the next
            // attempt goes to the next URL. A refused upgrade (401, 403, a 503 with a retry hint) is the controller's answer.
            if (!cancellationToken.IsCancellationRequested
                && ControllerChoice.MoveOn(socket.HttpStatusCode == 0 ? null : (int)socket.HttpStatusCode, ControllerBusyException.HintOf(e) is not null))
            {
                endpoints.Failed(controllerBase, e.InnerException?.Message ?? e.Message);
            }
            socket.Dispose();
            throw;
        }
        wire.Carried(SyncTransport.WebSockets);
        return new CountingWebSocket(socket, wire);
    }
}
