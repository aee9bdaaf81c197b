using System.Collections.Concurrent;

namespace SignageKiosk.Controller.Sync;

/// <summary>Live kiosk connections, indexed by the places and kiosk ids changes are targeted at.</summary>
public sealed class KioskSessions
{
    private readonly ConcurrentDictionary<string, KioskSession> _byConnection = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<KioskSession>> _byTarget = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public int Count => _byConnection.Count;

    public IEnumerable<KioskSession> All => _byConnection.Values;

    public KioskSession? Get(string connectionId) => _byConnection.GetValueOrDefault(connectionId);

    public void Add(KioskSession session)
    {
        lock (_gate)
        {
            _byConnection[session.ConnectionId] = session;
            foreach (var key in Keys(session))
            {
                if (!_byTarget.TryGetValue(key, out var set))
                {
                    _byTarget[key] = set = [];
                }
                set.Add(session);
            }
        }
    }

    public KioskSession? Remove(string connectionId)
    {
        lock (_gate)
        {
            if (!_byConnection.TryRemove(connectionId, out var session))
            {
                return null;
            }
            foreach (var key in Keys(session))
            {
                if (_byTarget.TryGetValue(key, out var set) && set.Remove(session) && set.Count == 0)
                {
                    _byTarget.Remove(key);
                }
            }
            session.Outbox.Writer.TryComplete();
            return session;
        }
    }

    /// <summary>Sessions that a change to the given place or kiosk must reach.</summary>
    public List<KioskSession> Targeted(string? placeId, string? kioskId)
    {
        lock (_gate)
        {
            var key = placeId is not null ? PlaceKey(placeId) : KioskKey(kioskId!);
            return _byTarget.TryGetValue(key, out var set) ? [.. set] : [];
        }
    }

    /// <summary>
    /// One kiosk's live connections (usually one; two while a reconnect overlaps, or a copy), from the index: every
    /// reconnect looks its kiosk up, and a scan of 10,000 sessions per reconnect made a storm quadratic.
    /// </summary>
    public List<KioskSession> OfKiosk(string kioskId) => Targeted(null, kioskId);

    public void DisconnectKiosk(string kioskId)
    {
        foreach (var session in OfKiosk(kioskId))
        {
            session.Abort();
        }
    }

    public List<KioskSession> Matching(Func<KioskSession, bool> predicate) => _byConnection.Values.Where(predicate).ToList();

    private static IEnumerable<string> Keys(KioskSession session) =>
        session.Chain.Select(PlaceKey).Append(KioskKey(session.KioskId));

    private static string PlaceKey(string placeId) => "p:" + placeId;
    private static string KioskKey(string kioskId) => "k:" + kioskId;
}
