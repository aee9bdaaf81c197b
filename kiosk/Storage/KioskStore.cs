using System.Globalization;
using LiteDB;
using Microsoft.Extensions.Options;
using SignageKiosk.Kiosk.Cache;
using SignageKiosk.Kiosk.Media;

namespace SignageKiosk.Kiosk.Storage;

/// <summary>
/// Everything the kiosk keeps (content, cursor, media index, display hours) in one LiteDB file, opened once per
/// process in direct mode. LiteDB 5.0.x has known limits this class designs around (docs/decisions/0023):
/// every transaction runs through one writer (two transactions writing at once have corrupted its free-page list,
/// LiteDB issue 2825); commits are not fsynced (issue 2818), so a last-known-good copy is kept (checkpoint, copy,
/// fsync, rename) and the store is checked on open against its own seal; on damage the copy takes its place and
/// the kiosk catches up from the copy's cursor, and with no good copy it starts empty and takes a snapshot.
/// </summary>
public sealed class KioskStore : IDisposable
{
    public const string FileName = "kiosk.db";
    public const string GoodCopyName = "kiosk.good.db";
    private const int LitePageSize = 8192;

    private readonly string _path;
    private readonly string _goodCopyPath;
    private readonly TimeSpan _goodCopyInterval;
    private readonly TimeProvider _time;
    private readonly ILogger<KioskStore> _logger;
    private readonly Lock _gate = new();
    /// <summary>Null after a failed write or checkpoint: LiteDB's pages in memory cannot be trusted then (a commit that
    /// hit a full disk leaves it refusing every later write), so the next use opens the file again.</summary>
    private LiteDatabase? _database;
    private bool _changedSinceGoodCopy;

    public KioskStore(IOptions<KioskOptions> options, TimeProvider time, ILogger<KioskStore> logger)
    {
        _time = time;
        _logger = logger;
        var settings = options.Value;
        _path = Path.GetFullPath(settings.StorePath);
        _goodCopyPath = Path.Combine(Path.GetDirectoryName(_path)!, GoodCopyName);
        _goodCopyInterval = settings.Store.GoodCopyInterval;
        OwnerOnly.Folder(Path.GetDirectoryName(_path)!);
        var database = OpenOrRecover();
        _database = database;
        RestrictFiles();
        CursorAtOpen = StoreMeta.ReadCursor(database);
        if (LegacyCacheConversion.Exists(settings))
        {
            if (CursorAtOpen == 0 && Opening != StoreOpening.GoodCopy)
            {
                Write(converting => LegacyCacheConversion.Convert(converting, settings, logger));
                CursorAtOpen = Read(StoreMeta.ReadCursor);
                Opening = StoreOpening.Converted;
            }
            LegacyCacheConversion.Wipe(settings, logger);
        }
        if (File.Exists(_goodCopyPath))
        {
            GoodCopyAt = new DateTimeOffset(File.GetLastWriteTimeUtc(_goodCopyPath), TimeSpan.Zero);
        }
        if (Opening == StoreOpening.Converted || (GoodCopyAt is null && CursorAtOpen > 0))
        {
            SaveGoodCopy();
        }
        _logger.LogInformation("Store {Path} opened ({Opening}) at sequence {Cursor}", _path, Opening, CursorAtOpen);
    }

    public StoreOpening Opening { get; private set; }
    public long CursorAtOpen { get; private set; }
    /// <summary>Where a damaged store found at start was moved (kept for a look), else null.</summary>
    public string? SetAside { get; private set; }
    public DateTimeOffset? GoodCopyAt { get; private set; }
    public string FilePath => _path;
    public string GoodCopyPath => _goodCopyPath;
    /// <summary>Goes up each time the file is opened again after a failure; whoever keeps values read from the store reads them again.</summary>
    public int Generation { get; private set; }

    /// <summary>Reads under the one lock (reads are cheap next to the writes they would otherwise interleave with).</summary>
    public T Read<T>(Func<LiteDatabase, T> read)
    {
        lock (_gate)
        {
            return read(Current());
        }
    }

    /// <summary>One transaction through the one writer: all of it is committed, or none of it.</summary>
    public T Write<T>(Func<LiteDatabase, T> write)
    {
        lock (_gate)
        {
            var database = Current();
            database.BeginTrans();
            try
            {
                var result = write(database);
                database.Commit();
                _changedSinceGoodCopy = true;
                return result;
            }
            catch (Exception e)
            {
                // Whatever failed (a full disk, most often), what reached the file is a whole transaction or nothing of
                // it; what LiteDB holds in memory may be neither. Let go of it and open the file again on next use.
                Discard(database, e);
                throw;
            }
        }
    }

    public void Write(Action<LiteDatabase> write) => Write(database =>
    {
        write(database);
        return 0;
    });

    /// <summary>Copies the store if it changed since the last copy and that copy is older than the interval.</summary>
    public bool SaveGoodCopyIfDue()
    {
        lock (_gate)
        {
            if (!_changedSinceGoodCopy || (GoodCopyAt is { } at && _time.GetUtcNow() - at < _goodCopyInterval))
            {
                return false;
            }
            return SaveGoodCopyLocked();
        }
    }

    /// <summary>Copies the store now (after a snapshot: the copy must never be older than the last snapshot).</summary>
    public bool SaveGoodCopy()
    {
        lock (_gate)
        {
            return SaveGoodCopyLocked();
        }
    }

    private bool SaveGoodCopyLocked()
    {
        var database = Current();
        if (StoreMeta.ReadCursor(database) == 0)
        {
            // Nothing synced yet: an empty copy would only shadow the store (an empty store beside a copy is damage).
            return false;
        }
        var temporary = _goodCopyPath + ".tmp";
        try
        {
            // Fold the log into the data file first, so the data file alone is the whole store.
            try
            {
                database.Checkpoint();
            }
            catch (Exception e) when (e is IOException or LiteException)
            {
                Discard(database, e);
                throw;
            }
            CopyDurably(_path, temporary);
            File.Move(temporary, _goodCopyPath, overwrite: true);
            Posix.SyncFolder(Path.GetDirectoryName(_goodCopyPath)!);
        }
        catch (Exception e) when (e is IOException or LiteException or UnauthorizedAccessException)
        {
            // A full disk, most likely: the old copy (if any) stays; the next attempt comes with the next change.
            TryDelete(temporary);
            _logger.LogWarning("Could not save the store's good copy: {Message}", e.Message);
            return false;
        }
        GoodCopyAt = _time.GetUtcNow();
        _changedSinceGoodCopy = false;
        _logger.LogDebug("Saved the store's good copy at sequence {Cursor}", StoreMeta.ReadCursor(database));
        return true;
    }

    private LiteDatabase Current()
    {
        if (_database is { } open)
        {
            return open;
        }
        // Opened again through the same check as at start (a full disk throws here and leaves it closed until next time).
        var database = OpenOrRecover();
        _database = database;
        Generation++;
        _logger.LogWarning("Store {Path} opened again ({Opening}) at sequence {Cursor}", _path, Opening, StoreMeta.ReadCursor(database));
        return database;
    }

    private void Discard(LiteDatabase database, Exception problem)
    {
        _logger.LogWarning("A store write failed ({Message}); the store is opened again on its next use", problem.Message);
        _database = null;
        try
        {
            database.Dispose();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Closing checkpoints, which fails on the same full disk: the log stays and is replayed on the next open.
            _logger.LogDebug("Closing the failed store: {Message}", e.Message);
        }
    }

    private LiteDatabase OpenOrRecover()
    {
        Exception? problem = null;
        if (File.Exists(_path) || File.Exists(LogPathOf(_path)))
        {
            if (TryOpen(out problem) is { } clean)
            {
                // An empty store beside a good copy is a store that lost its content (the first snapshot is always
                // followed by a copy): the copy is the better start.
                if (StoreMeta.ReadCursor(clean) > 0 || !File.Exists(_goodCopyPath))
                {
                    Opening = StoreOpening.Clean;
                    return clean;
                }
                clean.Dispose();
                problem = new StoreDamagedException("the store is empty but its good copy is not");
            }
            SetAside = MoveAside(_path);
            _logger.LogError(problem, "Store {Path} is damaged ({Message}); moved to {Aside}", _path, problem!.Message, SetAside);
        }
        if (File.Exists(_goodCopyPath))
        {
            try
            {
                CopyDurably(_goodCopyPath, _path);
                if (TryOpen(out var copyProblem) is { } restored)
                {
                    Opening = StoreOpening.GoodCopy;
                    _logger.LogWarning("Store restored from its last good copy at sequence {Cursor}; catching up from there", StoreMeta.ReadCursor(restored));
                    return restored;
                }
                _logger.LogError(copyProblem, "The store's last good copy is damaged too ({Message}); starting empty and waiting for a snapshot", copyProblem!.Message);
            }
            catch (IOException e)
            {
                _logger.LogError(e, "Could not restore the store's last good copy; starting empty and waiting for a snapshot");
            }
            TryDelete(_path);
            TryDelete(LogPathOf(_path));
            MoveAside(_goodCopyPath);
        }
        Opening = StoreOpening.New;
        return Connect(_path);
    }

    /// <summary>Opens the file and checks it against its seal; null (with the reason) if it will not open or does not match.</summary>
    private LiteDatabase? TryOpen(out Exception? problem)
    {
        LiteDatabase? database = null;
        try
        {
            // LiteDB takes a file shorter than one page for a new database and writes over it: that is damage here.
            if (File.Exists(_path) && new FileInfo(_path).Length is > 0 and < LitePageSize)
            {
                throw new StoreDamagedException($"the file is {new FileInfo(_path).Length} bytes, shorter than one page");
            }
            database = Connect(_path);
            var found = CachedItems.Recompute(database);
            var sealed_ = StoreMeta.ReadSeal(database);
            if (found != sealed_)
            {
                throw new StoreDamagedException($"{found.Count} items whose digest does not match the {sealed_.Count} recorded");
            }
            // Read the other collections through too: a torn page there fails here, not in the middle of a sync.
            _ = database.GetCollection(MediaIndex.Collection).FindAll().Count();
            _ = database.GetCollection(ProofOfDisplay.DisplayLog.Collection).FindAll().Count();
            _ = database.GetCollection(Reports.ReportOutbox.Collection).FindAll().Count();
            _ = StoreMeta.ReadCursor(database);
            problem = null;
            return database;
        }
        catch (IOException e) when (e is not EndOfStreamException and not FileNotFoundException)
        {
            // A full disk or a failing device is not a damaged file: never set a good store aside for it.
            database?.Dispose();
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // LiteDB reports a torn file in many ways (LiteException, InvalidCastException, index errors…).
            try
            {
                database?.Dispose();
            }
            catch (Exception dispose) when (dispose is not OutOfMemoryException)
            {
                _logger.LogDebug("Closing a damaged store failed: {Message}", dispose.Message);
            }
            problem = e;
            return null;
        }
    }

    private static LiteDatabase Connect(string path) => new(new ConnectionString
    {
        Filename = path,
        Connection = ConnectionType.Direct,
        // Our own check and good copy decide what happens to a damaged file; LiteDB's rebuild can loop on
        // damaged indexes (LiteDB issues 2525, 2582) and would hide the damage from the check.
        AutoRebuild = false,
    });

    public static string LogPathOf(string path) =>
        Path.Combine(Path.GetDirectoryName(path)!, Path.GetFileNameWithoutExtension(path) + "-log" + Path.GetExtension(path));

    private string MoveAside(string path)
    {
        var stamp = _time.GetUtcNow().ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var aside = path + ".corrupt-" + stamp;
        foreach (var (from, to) in new[] { (path, aside), (LogPathOf(path), LogPathOf(path) + ".corrupt-" + stamp) })
        {
            if (File.Exists(from))
            {
                File.Move(from, to, overwrite: true);
            }
        }
        return aside;
    }

    private static void CopyDurably(string from, string to)
    {
        using (var source = new FileStream(from, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        using (var target = new FileStream(to, OwnerOnly.Create(FileMode.Create, useAsync: false)))
        {
            source.CopyTo(target);
            target.Flush(flushToDisk: true);
        }
        Posix.SyncFolder(Path.GetDirectoryName(to)!);
    }

    private void RestrictFiles()
    {
        foreach (var path in new[] { _path, LogPathOf(_path), _goodCopyPath })
        {
            OwnerOnly.RestrictFile(path);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Nothing more to do; it is only in the way of the next attempt.
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _database?.Dispose();
            _database = null;
        }
    }
}
