using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Simulator.Kiosks;

/// <summary>
/// What a simulated kiosk keeps instead of the real SQLite cache: its cursor, the fingerprint its records were
/// built for, and which records it holds (kind/id), so a run can check counts. In memory only.
/// </summary>
public sealed class SimulatedCache
{
    private readonly HashSet<string> _items = new(StringComparer.Ordinal);

    public long Cursor { get; private set; }
    public string? ChainFingerprint { get; private set; }
    public int ItemCount => _items.Count;

    public bool Holds(string kind, string id) => _items.Contains(kind + "/" + id);

    public void ReplaceAll(SyncSnapshot snapshot)
    {
        _items.Clear();
        foreach (var item in snapshot.Items)
        {
            _items.Add(item.Kind + "/" + item.Id);
        }
        Cursor = snapshot.Seq;
        ChainFingerprint = snapshot.ChainFingerprint;
    }

    public void Apply(IEnumerable<SyncChange> changes, long cursor)
    {
        foreach (var change in changes)
        {
            if (change.Op == ChangeOp.Delete)
            {
                _items.Remove(change.Kind + "/" + change.Id);
            }
            else
            {
                _items.Add(change.Kind + "/" + change.Id);
            }
        }
        Cursor = Math.Max(Cursor, cursor);
    }
}
