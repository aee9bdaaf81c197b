using System.IO.Pipelines;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace SignageKiosk.Simulator.Kiosks.Wire;

/// <summary>
/// A SignalR transport over one WebSocket: two pipes joined to the socket by a receive loop and a send
/// loop. When the socket ends for any reason the incoming pipe completes with an error, which is what
/// makes the hub connection reconnect.
/// </summary>
internal sealed class WebSocketConnection : ConnectionContext
{
    private readonly WebSocket _socket;
    private readonly WebSocketConnectionFactory _factory;
    private readonly Pipe _incoming = new(new PipeOptions(useSynchronizationContext: false));
    private readonly Pipe _outgoing = new(new PipeOptions(useSynchronizationContext: false));
    private readonly CancellationTokenSource _stop = new();
    private Task _receiving = Task.CompletedTask;
    private Task _sending = Task.CompletedTask;

    public WebSocketConnection(WebSocket socket, WebSocketConnectionFactory factory)
    {
        _socket = socket;
        _factory = factory;
        Transport = new DuplexPipe(_incoming.Reader, _outgoing.Writer);
    }

    public override string ConnectionId { get; set; } = Guid.NewGuid().ToString("N");
    public override IFeatureCollection Features { get; } = new FeatureCollection();
    public override IDictionary<object, object?> Items { get; set; } = new Dictionary<object, object?>();
    public override IDuplexPipe Transport { get; set; }

    public void Start()
    {
        _receiving = Task.Run(ReceiveAsync);
        _sending = Task.Run(SendAsync);
    }

    private async Task ReceiveAsync()
    {
        Exception error;
        try
        {
            while (true)
            {
                var memory = _incoming.Writer.GetMemory(8192);
                var result = await _socket.ReceiveAsync(memory, _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    error = new WebSocketException(WebSocketError.ConnectionClosedPrematurely, "the controller closed the connection");
                    break;
                }
                _factory.CountReceived(result.Count);
                _incoming.Writer.Advance(result.Count);
                var flush = await _incoming.Writer.FlushAsync(_stop.Token);
                if (flush.IsCompleted || flush.IsCanceled)
                {
                    error = new OperationCanceledException("the connection is stopping");
                    break;
                }
            }
        }
        catch (Exception e)
        {
            error = e;
        }
        await _incoming.Writer.CompleteAsync(error);
    }

    private async Task SendAsync()
    {
        try
        {
            while (true)
            {
                var result = await _outgoing.Reader.ReadAsync(_stop.Token);
                var buffer = result.Buffer;
                if (!buffer.IsEmpty)
                {
                    // One WebSocket message per flush: the hub protocol frames its own records.
                    var payload = buffer.IsSingleSegment ? buffer.First : System.Buffers.BuffersExtensions.ToArray(buffer);
                    await _socket.SendAsync(payload, WebSocketMessageType.Text, endOfMessage: true, _stop.Token);
                    _factory.CountSent(buffer.Length);
                }
                _outgoing.Reader.AdvanceTo(buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested || _socket.State != WebSocketState.Open)
        {
            // The socket is going away; the receive loop reports why.
        }
        catch (WebSocketException)
        {
        }
        finally
        {
            await _outgoing.Reader.CompleteAsync();
            if (_socket.State == WebSocketState.Open)
            {
                try
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
                }
                catch (Exception)
                {
                    _socket.Abort();
                }
            }
        }
    }

    public override void Abort()
    {
        _stop.Cancel();
        _socket.Abort();
    }

    public override async ValueTask DisposeAsync()
    {
        await _outgoing.Writer.CompleteAsync();
        await Task.WhenAny(_sending, Task.Delay(TimeSpan.FromSeconds(3)));
        _stop.Cancel();
        _socket.Abort();
        await Task.WhenAll(_receiving, _sending).ContinueWith(_ => { }, TaskScheduler.Default);
        _socket.Dispose();
        _stop.Dispose();
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;
        public PipeWriter Output { get; } = output;
    }
}
