using System.Net;
using System.Net.Sockets;

namespace SignageKiosk.Tests.Support;

/// <summary>
/// A loopback TCP proxy between a kiosk and the controller, for network faults: <see cref="Cut"/> resets every
/// open connection and refuses new ones (the cable pulled), <see cref="Restore"/> lets traffic through again,
/// <see cref="Stall"/> keeps connections open but moves no bytes (a dead Wi-Fi link).
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<(TcpClient Client, TcpClient Server)> _open = [];
    private volatile bool _cut;
    private volatile bool _stalled;
    private long _connections;
    private long _resets;
    private long _upgradesRefused;
    private long _eventStreams;
    private long _polls;
    private long _mediaRequests;

    public TcpProxy(int targetPort)
    {
        _target = new IPEndPoint(IPAddress.Loopback, targetPort);
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptLoopAsync();
    }

    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}";
    public long Connections => Interlocked.Read(ref _connections);
    /// <summary>Connections this proxy reset (faults injected).</summary>
    public long Resets => Interlocked.Read(ref _resets);

    /// <summary>Resets every open connection and refuses new ones until <see cref="Restore"/>.</summary>
    public void Cut()
    {
        _cut = true;
        ResetAll();
    }

    /// <summary>Resets every open connection once; new ones are let through.</summary>
    public void ResetAll()
    {
        List<(TcpClient Client, TcpClient Server)> open;
        lock (_gate)
        {
            open = [.. _open];
            _open.Clear();
        }
        foreach (var (client, server) in open)
        {
            Reset(client);
            Reset(server);
            Interlocked.Increment(ref _resets);
        }
    }

    /// <summary>Open connections stay open but no byte moves either way until <see cref="Restore"/>.</summary>
    public void Stall() => _stalled = true;

    /// <summary>Limits each direction of each connection to about this many bytes a second (0: no limit): a slow link.</summary>
    public int BytesPerSecond { get; set; }

    /// <summary>Answers 403 to any request asking to upgrade to a WebSocket, as some station proxies do; other HTTP passes.</summary>
    public bool RefuseWebSocketUpgrade { get; set; }

    public long UpgradesRefused => Interlocked.Read(ref _upgradesRefused);
    /// <summary>Requests that opened a Server-Sent Events stream to the controller.</summary>
    public long EventStreams => Interlocked.Read(ref _eventStreams);
    /// <summary>Other GETs on an open SignalR connection: long polls.</summary>
    public long Polls => Interlocked.Read(ref _polls);
    /// <summary>Requests for a media file (<c>GET /api/media/…</c>) that passed through.</summary>
    public long MediaRequests => Interlocked.Read(ref _mediaRequests);

    public void Restore()
    {
        _cut = false;
        _stalled = false;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }
            if (_cut)
            {
                Reset(client);
                continue;
            }
            _ = PipeAsync(client);
        }
    }

    private async Task PipeAsync(TcpClient client)
    {
        var server = new TcpClient();
        try
        {
            await server.ConnectAsync(_target, _stop.Token);
        }
        catch (Exception)
        {
            Reset(client);
            server.Dispose();
            return;
        }
        Interlocked.Increment(ref _connections);
        lock (_gate)
        {
            _open.Add((client, server));
        }
        try
        {
            await Task.WhenAny(CopyAsync(client.GetStream(), server.GetStream(), fromClient: true), CopyAsync(server.GetStream(), client.GetStream(), fromClient: false));
        }
        finally
        {
            lock (_gate)
            {
                _open.Remove((client, server));
            }
            client.Dispose();
            server.Dispose();
        }
    }

    private async Task CopyAsync(NetworkStream from, NetworkStream to, bool fromClient)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    return;
                }
                while (_stalled && !_cut)
                {
                    await Task.Delay(20, _stop.Token);
                }
                if (_cut)
                {
                    return;
                }
                if (fromClient && !await InspectAsync(buffer.AsMemory(0, read), from))
                {
                    return;
                }
                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
                if (BytesPerSecond > 0)
                {
                    await Task.Delay(TimeSpan.FromSeconds((double)read / BytesPerSecond), _stop.Token);
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// Looks at request heads passing from the client (a head arrives in one read in practice: small, one write).
    /// False when the request was refused and the connection is to close.
    /// </summary>
    private async Task<bool> InspectAsync(ReadOnlyMemory<byte> bytes, NetworkStream client)
    {
        var text = System.Text.Encoding.ASCII.GetString(bytes.Span);
        if (!text.StartsWith("GET ", StringComparison.Ordinal) && !text.StartsWith("POST ", StringComparison.Ordinal))
        {
            return true;
        }
        if (RefuseWebSocketUpgrade && text.Contains("\r\nUpgrade: websocket", StringComparison.OrdinalIgnoreCase))
        {
            Interlocked.Increment(ref _upgradesRefused);
            await client.WriteAsync("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), _stop.Token);
            return false;
        }
        if (text.StartsWith("GET /api/media/", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _mediaRequests);
        }
        if (text.StartsWith("GET ", StringComparison.Ordinal) && text.Contains("id=", StringComparison.Ordinal) && !text.Contains("\r\nUpgrade:", StringComparison.OrdinalIgnoreCase))
        {
            Interlocked.Increment(ref text.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase) ? ref _eventStreams : ref _polls);
        }
        return true;
    }

    /// <summary>RST, not FIN: the peer sees "connection reset", as when a router drops state.</summary>
    private static void Reset(TcpClient client)
    {
        try
        {
            // Already closed by its pipe when both ends finished: nothing left to reset.
            if (client.Client is { } socket)
            {
                socket.LingerState = new LingerOption(true, 0);
            }
            client.Close();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        ResetAll();
        _stop.Dispose();
        return ValueTask.CompletedTask;
    }
}
