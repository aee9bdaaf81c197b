using System.Threading.Channels;

namespace SignageKiosk.Kiosk.Board;

/// <summary>Tells every open board page that what it shows may have changed.</summary>
public sealed class BoardNotifier
{
    private readonly Lock _gate = new();
    private readonly List<Channel<long>> _listeners = [];
    private long _version;
    private long _changedAtUnixMs;

    public long Version => Interlocked.Read(ref _version);

    /// <summary>When the latest change was applied (Unix ms), so the page can measure change → pixels.</summary>
    public long ChangedAtUnixMs => Interlocked.Read(ref _changedAtUnixMs);

    public void Notify()
    {
        Interlocked.Exchange(ref _changedAtUnixMs, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var version = Interlocked.Increment(ref _version);
        lock (_gate)
        {
            foreach (var listener in _listeners)
            {
                listener.Writer.TryWrite(version);
            }
        }
    }

    public Channel<long> Subscribe()
    {
        // Only the latest version matters to a page, so a slow page never piles up notifications.
        var channel = Channel.CreateBounded<long>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_gate)
        {
            _listeners.Add(channel);
        }
        return channel;
    }

    public void Unsubscribe(Channel<long> channel)
    {
        lock (_gate)
        {
            _listeners.Remove(channel);
        }
    }
}
