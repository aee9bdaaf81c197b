using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SignageKiosk.Tests.Support;

/// <summary>
/// Speaks the hub's JSON protocol over a bare WebSocket, as a kiosk with the given credential, so a test can send
/// exactly the bytes it wants (including ones a real client would never build).
/// </summary>
public sealed class RawHubClient : IAsyncDisposable
{
    private const char Separator = '\u001e';
    private readonly ClientWebSocket _socket = new();
    private readonly StringBuilder _pending = new();
    private readonly Decoder _utf8 = Encoding.UTF8.GetDecoder();
    private int _nextId;

    private RawHubClient()
    {
    }

    public static async Task<RawHubClient> ConnectAsync(string controllerUrl, string credential)
    {
        var client = new RawHubClient();
        client._socket.Options.SetRequestHeader("Authorization", "Bearer " + credential);
        await client._socket.ConnectAsync(new Uri(controllerUrl.Replace("http://", "ws://", StringComparison.Ordinal) + "/hubs/kiosk"), Timeout());
        await client.SendAsync("{\"protocol\":\"json\",\"version\":1}");
        var handshake = await client.ReceiveAsync();
        if (handshake["error"] is { } error)
        {
            throw new InvalidOperationException("handshake refused: " + error);
        }
        return client;
    }

    /// <summary>Invokes a hub method and returns its completion: {"result": …} or {"error": "…"}.</summary>
    public async Task<JsonObject> InvokeAsync(string target, params JsonNode?[] arguments)
    {
        var id = (++_nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var message = new JsonObject { ["type"] = 1, ["invocationId"] = id, ["target"] = target, ["arguments"] = new JsonArray(arguments) };
        await SendAsync(message.ToJsonString());
        while (true)
        {
            var reply = await ReceiveAsync();
            switch (reply["type"]?.GetValue<int>())
            {
                case 3 when reply["invocationId"]?.GetValue<string>() == id:
                    return reply;
                case 7:
                    throw new InvalidOperationException("the hub closed the connection: " + reply.ToJsonString());
            }
            // Pings and pushes (type 6, type 1) are not what we wait for.
        }
    }

    /// <summary>Hello without taking a new credential, so the kiosk's own credential stays valid.</summary>
    public Task<JsonObject> HelloAsync() =>
        InvokeAsync("Hello", new JsonObject { ["cursor"] = 0, ["acceptsNewCredential"] = false, ["softwareVersion"] = "raw-test" });

    private async Task SendAsync(string json) =>
        await _socket.SendAsync(Encoding.UTF8.GetBytes(json + Separator), WebSocketMessageType.Text, true, Timeout());

    private async Task<JsonObject> ReceiveAsync()
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var text = _pending.ToString();
            var end = text.IndexOf(Separator, StringComparison.Ordinal);
            if (end >= 0)
            {
                _pending.Remove(0, end + 1);
                return JsonNode.Parse(text[..end]) as JsonObject ?? throw new JsonException("not an object: " + text[..end]);
            }
            var received = await _socket.ReceiveAsync(buffer, Timeout());
            if (received.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException("the hub closed the socket");
            }
            // A character may be split across frames: the decoder keeps the first half until the rest arrives.
            var chars = new char[Encoding.UTF8.GetMaxCharCount(received.Count)];
            _pending.Append(chars, 0, _utf8.GetChars(buffer, 0, received.Count, chars, 0));
        }
    }

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, Timeout());
            }
        }
        catch (WebSocketException)
        {
        }
        _socket.Dispose();
    }
}
