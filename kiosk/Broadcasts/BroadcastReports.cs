using System.Collections.Concurrent;

namespace SignageKiosk.Kiosk.Broadcasts;

/// <summary>
/// Broadcasts the board has painted and the controller has not yet been told about. The sync loop sends them
/// when connected; a report that fails stays here and goes with the next hello.
/// </summary>
public sealed class BroadcastReports
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _pending = new(StringComparer.Ordinal);

    /// <summary>Raised when something new waits to be reported.</summary>
    public event Action? Added;

    public void Displayed(string broadcastId, DateTimeOffset at)
    {
        // The first paint is what counts; a page reload paints it again but the first moment stands.
        if (_pending.TryAdd(broadcastId, at))
        {
            Added?.Invoke();
        }
    }

    public IReadOnlyList<KeyValuePair<string, DateTimeOffset>> Pending() => _pending.ToArray();

    public void Sent(string broadcastId, DateTimeOffset at) =>
        _pending.TryRemove(new KeyValuePair<string, DateTimeOffset>(broadcastId, at));
}
