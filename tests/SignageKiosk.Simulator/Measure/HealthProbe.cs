using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SignageKiosk.Simulator.Measure;

/// <summary>
/// Polls a controller's /healthz from a thread of its own with blocking sockets, as a load balancer's probe does from a
/// process of its own. The benchmark's process also runs 10,000 simulated kiosks on its thread pool: a probe made with
/// HttpClient there learns of the answer only when that pool gets round to it, so the time it reports is partly the
/// simulator's queue. This one reads the status line the moment the bytes arrive.
/// </summary>
public static class HealthProbe
{
    /// <summary>
    /// <see cref="Stopwatch"/> timestamps: the first 200, and the first connection made (the node listening, the end of
    /// its start; what lies between is the node answering while its fleet knocks).
    /// </summary>
    public sealed record Answer(long AnsweredAt, long ConnectedAt);

    /// <summary>The first 200, or null when none came within the timeout or <paramref name="running"/> said stop.</summary>
    public static Task<Answer?> FirstHealthyAsync(int port, TimeSpan timeout, Func<bool> running)
    {
        var answered = new TaskCompletionSource<Answer?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() => answered.SetResult(Poll(port, timeout, running))) { IsBackground = true, Name = "health probe" };
        thread.Start();
        return answered.Task;
    }

    private static Answer? Poll(int port, TimeSpan timeout, Func<bool> running)
    {
        long? connectedAt = null;
        var request = Encoding.ASCII.GetBytes($"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        var buffer = new byte[512];
        while (Stopwatch.GetTimestamp() < deadline && running())
        {
            try
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveTimeout = 5000, SendTimeout = 5000 };
                socket.Connect(IPAddress.Loopback, port);
                connectedAt ??= Stopwatch.GetTimestamp();
                socket.Send(request);
                var read = 0;
                while (read < buffer.Length && Array.IndexOf(buffer, (byte)'\n', 0, read) < 0)
                {
                    var n = socket.Receive(buffer, read, buffer.Length - read, SocketFlags.None);
                    if (n == 0)
                    {
                        break;
                    }
                    read += n;
                }
                var at = Stopwatch.GetTimestamp();
                if (Encoding.ASCII.GetString(buffer, 0, read).StartsWith("HTTP/1.1 200", StringComparison.Ordinal))
                {
                    return new Answer(at, connectedAt.Value);
                }
            }
            catch (SocketException)
            {
                // Not listening yet, or too busy to answer within the probe's timeout.
            }
            Thread.Sleep(100);
        }
        return null;
    }
}
