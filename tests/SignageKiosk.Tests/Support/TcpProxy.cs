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
            await Task.WhenAny(CopyAsync(client.GetStream(), server.GetStream()), CopyAsync(server.GetStream(), client.GetStream()));
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

    private async Task CopyAsync(NetworkStream from, NetworkStream to)
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
