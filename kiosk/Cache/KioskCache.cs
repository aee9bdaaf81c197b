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

    public KioskCache(KioskStore store, TimeProvider time, ILogger<KioskCache> logger)
    {
        _store = store;
        _time = time;
        _logger = logger;
        (Cursor, ChainFingerprint, KioskId) = store.Read(database =>
            (StoreMeta.ReadCursor(database), StoreMeta.ReadText(database, StoreMeta.Fingerprint), StoreMeta.ReadText(database, StoreMeta.KioskId)));
    }

    public long Cursor { get; private set; }
    public string? ChainFingerprint { get; private set; }
    public string? KioskId { get; private set; }
    /// <summary>Where a damaged store found at start was moved, else null.</summary>
    public string? SetAside => _store.SetAside;

    /// <summary>Raised after every committed change, outside the lock.</summary>
    public event Action? Changed;

    /// <summary>Applies changes and moves the cursor to <paramref name="cursor"/> in one transaction.</summary>
    public void Apply(IReadOnlyList<SyncChange> changes, long cursor)
    {
        lock (_gate)
        {
            if (cursor < Cursor)
            {
                throw new InvalidOperationException($"cursor would go back from {Cursor} to {cursor}");
            }
            _store.Write(database =>
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
            });
            Cursor = cursor;
            _content = null;
        }
        Changed?.Invoke();
    }

    /// <summary>Replaces everything with a snapshot in one transaction, then saves the store's good copy.</summary>
    public void ReplaceAll(SyncSnapshot snapshot, string kioskId)
    {
        lock (_gate)
        {
            _store.Write(database =>
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
            });
            Cursor = snapshot.Seq;
            ChainFingerprint = snapshot.ChainFingerprint;
            KioskId = kioskId;
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
            return _content ??= Load();
        }
    }

    public int ItemCount() => _store.Read(database => CachedItems.Of(database).Count());

    private BoardContent Load()
    {
        var (records, verified) = _store.Read(database => (CachedItems.All(database), MediaIndex.Verified(database)));
        return BoardContentBuilder.Build(records, KioskId, verified,
            (kind, e) => _logger.LogWarning("Skipping a cached {Kind} record this version cannot read: {Message}", kind, e.Message));
    }
}
