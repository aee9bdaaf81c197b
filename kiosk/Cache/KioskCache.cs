using SignageKiosk.Kiosk.Media;
using SignageKiosk.Kiosk.Storage;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Media;
using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Kiosk.Cache;

/// <summary>
/// The content the board shows, in the kiosk's store. Every batch of changes is applied in one transaction
/// together with the cursor, so after any crash the cache holds exactly the changes up to its cursor, never half a batch.
/// </summary>
public sealed class KioskCache
{
    private readonly KioskStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<KioskCache> _logger;
    private readonly Lock _gate = new();
    private BoardContent? _content;
    private long _cursor;
    private string? _chainFingerprint;
    private string? _kioskId;
    private long _itemCount;
    private int _generation;

    public KioskCache(KioskStore store, TimeProvider time, ILogger<KioskCache> logger)
    {
        _store = store;
        _time = time;
        _logger = logger;
        _generation = store.Generation;
        ReadMeta();
    }

    public long Cursor { get { lock (_gate) { Refresh(); return _cursor; } } }
    public string? ChainFingerprint { get { lock (_gate) { Refresh(); return _chainFingerprint; } } }
    public string? KioskId { get { lock (_gate) { Refresh(); return _kioskId; } } }
    /// <summary>Where a damaged store found at start was moved, else null.</summary>
    public string? SetAside => _store.SetAside;

    /// <summary>Raised after every committed change, outside the lock.</summary>
    public event Action? Changed;

    /// <summary>Applies changes and moves the cursor to <paramref name="cursor"/> in one transaction.</summary>
    public void Apply(IReadOnlyList<SyncChange> changes, long cursor)
    {
        lock (_gate)
        {
            Refresh();
            if (cursor < _cursor)
            {
                throw new InvalidOperationException($"cursor would go back from {_cursor} to {cursor}");
            }
            _itemCount = _store.Write(database =>
            {
                var seal = StoreMeta.ReadSeal(database);
                foreach (var change in changes)
                {
                    seal = change.Op == ChangeOp.Delete || change.Payload is null
                        ? CachedItems.Delete(database, seal, change.Kind, change.Id)
                        : CachedItems.Put(database, seal, change.Kind, change.Id, change.Payload.Value.GetRawText());
                }
                StoreMeta.WriteSeal(database, seal);
                StoreMeta.WriteCursor(database, cursor);
                return seal.Count;
            });
            _cursor = cursor;
            _content = null;
        }
        Changed?.Invoke();
    }

    /// <summary>Replaces everything with a snapshot in one transaction, then saves the store's good copy.</summary>
    public void ReplaceAll(SyncSnapshot snapshot, string kioskId)
    {
        lock (_gate)
        {
            _itemCount = _store.Write(database =>
            {
                CachedItems.Of(database).DeleteAll();
                var seal = StoreSeal.Empty;
                foreach (var item in snapshot.Items.Where(i => i.Payload is not null))
                {
                    seal = CachedItems.Put(database, seal, item.Kind, item.Id, item.Payload!.Value.GetRawText());
                }
                StoreMeta.WriteSeal(database, seal);
                StoreMeta.WriteCursor(database, snapshot.Seq);
                StoreMeta.WriteText(database, StoreMeta.Fingerprint, snapshot.ChainFingerprint);
                StoreMeta.WriteText(database, StoreMeta.KioskId, kioskId);
                return seal.Count;
            });
            _cursor = snapshot.Seq;
            _chainFingerprint = snapshot.ChainFingerprint;
            _kioskId = kioskId;
            _content = null;
        }
        _store.SaveGoodCopy();
        Changed?.Invoke();
    }

    public void MarkMediaVerified(MediaRef media)
    {
        lock (_gate)
        {
            _store.Write(database => MediaIndex.Mark(database, media, _time.GetUtcNow()));
            _content = null;
        }
        Changed?.Invoke();
    }

    /// <summary>Forgets a file that is missing or damaged on disk, so it is fetched again.</summary>
    public void ForgetMedia(string sha256)
    {
        lock (_gate)
        {
            _store.Write(database => MediaIndex.Forget(database, sha256));
            _content = null;
        }
    }

    /// <summary>The cache as the board sees it; rebuilt only after a change.</summary>
    public BoardContent Content()
    {
        lock (_gate)
        {
            Refresh();
            return _content ??= Load();
        }
    }

    /// <summary>Kept in memory, so the health page answers even while the store cannot be opened (a full disk).</summary>
    public long ItemCount()
    {
        lock (_gate)
        {
            Refresh();
            return _itemCount;
        }
    }

    /// <summary>
    /// After the store was opened again (a failed write; or damage found then, with its good copy in its place), what
    /// this class keeps from it is read again. Until the store can be read, the board keeps the content it has.
    /// </summary>
    private void Refresh()
    {
        var generation = _store.Generation;
        if (generation == _generation)
        {
            return;
        }
        try
        {
            ReadMeta();
            _content = null;
            _generation = generation;
        }
        catch (Exception e) when (e is IOException or LiteDB.LiteException)
        {
            _logger.LogWarning("The store could not be read again yet ({Message}); the board keeps what it shows", e.Message);
        }
    }

    private void ReadMeta() =>
        (_cursor, _chainFingerprint, _kioskId, _itemCount) = _store.Read(database =>
            (StoreMeta.ReadCursor(database), StoreMeta.ReadText(database, StoreMeta.Fingerprint), StoreMeta.ReadText(database, StoreMeta.KioskId), StoreMeta.ReadSeal(database).Count));

    private BoardContent Load()
    {
        var (records, verified) = _store.Read(database => (CachedItems.All(database), MediaIndex.Verified(database)));
        return BoardContentBuilder.Build(records, KioskId, verified,
            (kind, e) => _logger.LogWarning("Skipping a cached {Kind} record this version cannot read: {Message}", kind, e.Message));
    }
}
