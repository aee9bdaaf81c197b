extern alias kiosk;

using kiosk::SignageKiosk.Kiosk;
using kiosk::SignageKiosk.Kiosk.Cache;
using kiosk::SignageKiosk.Kiosk.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Bench;

public enum StoreKind
{
    /// <summary>The SQLite cache as of fa82430~1 (<see cref="SqliteCacheBaseline"/>).</summary>
    Sqlite,
    /// <summary>The kiosk's store now: its own KioskStore and KioskCache on LiteDB.</summary>
    LiteDb,
}

/// <summary>One kiosk store, opened in a data folder the way the kiosk opens it; the operations the benchmark times.</summary>
public interface IStoreUnderTest : IDisposable
{
    long Cursor { get; }
    void Apply(IReadOnlyList<SyncChange> changes, long cursor);
    void ReplaceAll(SyncSnapshot snapshot, string kioskId);
    BoardContent Content();
}

public static class StoreUnderTest
{
    public static string Name(StoreKind kind) => kind switch
    {
        StoreKind.Sqlite => "SQLite (before: fa82430~1)",
        _ => "LiteDB 5.0.21 (after: fa82430)",
    };

    public static string ProbeName(StoreKind kind) => kind == StoreKind.Sqlite ? "sqlite" : "litedb";

    /// <summary>Opens (and checks) the store in <paramref name="dataDirectory"/>, creating it if there is none.</summary>
    public static IStoreUnderTest Open(StoreKind kind, string dataDirectory) => kind switch
    {
        StoreKind.Sqlite => new Sqlite(dataDirectory),
        _ => new LiteDb(dataDirectory),
    };

    /// <summary>The files the store keeps, in a fixed order; a file that is not there has size null.</summary>
    public static IReadOnlyList<(string Name, long? Bytes)> Files(StoreKind kind, string dataDirectory)
    {
        string[] names = kind == StoreKind.Sqlite
            ? [SqliteCacheBaseline.FileName, SqliteCacheBaseline.FileName + "-wal", SqliteCacheBaseline.FileName + "-shm"]
            : [KioskStore.FileName, Path.GetFileName(KioskStore.LogPathOf(Path.Combine(dataDirectory, KioskStore.FileName))), KioskStore.GoodCopyName];
        return names.Select(name =>
        {
            var file = new FileInfo(Path.Combine(dataDirectory, name));
            return (name, file.Exists ? file.Length : (long?)null);
        }).ToList();
    }

    /// <summary>Items the board content holds, all kinds together (a check that every record was readable).</summary>
    public static int Count(BoardContent content) =>
        content.Places.Count + content.Stations.Count + content.Kiosks.Count + content.People.Count + content.Roster.Count
        + content.Activities.Count + content.Hotlines.Count + content.DutyShifts.Count + content.Notices.Count
        + content.Supplies.Count + content.Broadcasts.Count + content.Holidays.Count;

    private sealed class Sqlite(string dataDirectory) : IStoreUnderTest
    {
        private readonly SqliteCacheBaseline _cache = new(dataDirectory);

        public long Cursor => _cache.Cursor;
        public void Apply(IReadOnlyList<SyncChange> changes, long cursor) => _cache.Apply(changes, cursor);
        public void ReplaceAll(SyncSnapshot snapshot, string kioskId) => _cache.ReplaceAll(snapshot, kioskId);
        public BoardContent Content() => _cache.Content();
        public void Dispose() => _cache.Dispose();
    }

    /// <summary>The kiosk's own classes: the KioskStore constructor opens the file and checks it against its seal.</summary>
    private sealed class LiteDb : IStoreUnderTest
    {
        private readonly KioskStore _store;
        private readonly KioskCache _cache;

        public LiteDb(string dataDirectory)
        {
            _store = new KioskStore(Options.Create(new KioskOptions { DataDirectory = dataDirectory }), TimeProvider.System, NullLogger<KioskStore>.Instance);
            // A benchmark that timed a recovery (good copy, set aside) instead of an open would measure the wrong thing.
            if (_store.Opening is not (StoreOpening.Clean or StoreOpening.New))
            {
                _store.Dispose();
                throw new InvalidOperationException($"the store in {dataDirectory} opened as {_store.Opening}, not clean");
            }
            _cache = new KioskCache(_store, TimeProvider.System, NullLogger<KioskCache>.Instance);
        }

        public long Cursor => _cache.Cursor;
        public void Apply(IReadOnlyList<SyncChange> changes, long cursor) => _cache.Apply(changes, cursor);
        public void ReplaceAll(SyncSnapshot snapshot, string kioskId) => _cache.ReplaceAll(snapshot, kioskId);
        public BoardContent Content() => _cache.Content();
        public void Dispose() => _store.Dispose();
    }
}
