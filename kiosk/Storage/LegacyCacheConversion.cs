using LiteDB;
using SignageKiosk.Kiosk.Cache;
using SignageKiosk.Kiosk.Media;
using SignageKiosk.Kiosk.ProofOfDisplay;
using SQLitePCL;

namespace SignageKiosk.Kiosk.Storage;

/// <summary>
/// A kiosk upgraded from the SQLite version finds its old cache.db (and display.db) and converts them into the
/// store on first start, in one transaction, so the board shows the same content from its first second and catches
/// up from the old cursor. Then the old files are overwritten with zeros and deleted: an older version may have
/// kept a private number whole in them. Read through SQLite's own C library (SQLitePCLRaw), not an ADO.NET
/// provider: this is the only SQLite the kiosk still touches, and it can go once no SQLite kiosk is left.
/// </summary>
public static class LegacyCacheConversion
{
    private static readonly string[] Suffixes = ["", "-wal", "-shm", "-journal"];

    public static bool Exists(KioskOptions options) =>
        Suffixes.Any(s => File.Exists(options.LegacyCachePath + s) || File.Exists(options.LegacyDisplayPath + s));

    /// <summary>Copies what the old files hold into the store (inside the caller's transaction). An unreadable old file converts as empty.</summary>
    public static void Convert(LiteDatabase database, KioskOptions options, ILogger logger)
    {
        var items = 0;
        var media = 0;
        var hours = 0;
        if (File.Exists(options.LegacyCachePath))
        {
            try
            {
                using var cache = Open(options.LegacyCachePath);
                var seal = StoreSeal.Empty;
                foreach (var row in Query(cache, "SELECT kind, id, payload FROM items ORDER BY kind, id;"))
                {
                    seal = CachedItems.Put(database, seal, row.Text(0), row.Text(1), row.Text(2));
                    items++;
                }
                StoreMeta.WriteSeal(database, seal);
                foreach (var row in Query(cache, "SELECT key, value FROM meta;"))
                {
                    switch (row.Text(0))
                    {
                        case "cursor":
                            StoreMeta.WriteCursor(database, long.Parse(row.Text(1), System.Globalization.CultureInfo.InvariantCulture));
                            break;
                        case "fingerprint":
                            StoreMeta.WriteText(database, StoreMeta.Fingerprint, row.Text(1));
                            break;
                        case "kiosk":
                            StoreMeta.WriteText(database, StoreMeta.KioskId, row.Text(1));
                            break;
                    }
                }
                foreach (var row in Query(cache, "SELECT sha256, size, verified_at FROM media;"))
                {
                    MediaIndex.Mark(database, new Shared.Media.MediaRef { Sha256 = row.Text(0), Size = row.Int64(1), ContentType = "application/octet-stream" }, DateTimeOffset.UtcNow);
                    media++;
                }
            }
            catch (Exception e) when (e is LegacyReadException or FormatException or OverflowException)
            {
                // Damaged or half-written: start empty instead; the controller sends a snapshot.
                logger.LogWarning("The old SQLite cache could not be read ({Message}); a snapshot replaces it", e.Message);
                CachedItems.Of(database).DeleteAll();
                database.GetCollection(StoreMeta.Collection).DeleteAll();
                database.GetCollection(MediaIndex.Collection).DeleteAll();
                items = media = 0;
            }
        }
        if (File.Exists(options.LegacyDisplayPath))
        {
            try
            {
                using var display = Open(options.LegacyDisplayPath);
                var collection = database.GetCollection(DisplayLog.Collection);
                foreach (var row in Query(display, "SELECT notice_id, hour, shown_ms, sent_seconds FROM display_hours;"))
                {
                    collection.Upsert(DisplayLog.Document(row.Text(0), row.Int64(1), row.Int64(2), (int)row.Int64(3)));
                    hours++;
                }
            }
            catch (LegacyReadException e)
            {
                logger.LogWarning("The old display file could not be read ({Message}); its hours are lost", e.Message);
                database.GetCollection(DisplayLog.Collection).DeleteAll();
                hours = 0;
            }
        }
        logger.LogInformation("Converted the SQLite cache: {Items} items, {Media} media files, {Hours} display hours", items, media, hours);
    }

    /// <summary>Overwrites the old files with zeros and deletes them.</summary>
    public static void Wipe(KioskOptions options, ILogger logger)
    {
        foreach (var path in new[] { options.LegacyCachePath, options.LegacyDisplayPath }.SelectMany(p => Suffixes.Select(s => p + s)))
        {
            if (!File.Exists(path))
            {
                continue;
            }
            try
            {
                using (var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.None))
                {
                    var zeros = new byte[64 * 1024];
                    for (var left = file.Length; left > 0; left -= zeros.Length)
                    {
                        file.Write(zeros, 0, (int)Math.Min(left, zeros.Length));
                    }
                    file.Flush(flushToDisk: true);
                }
                File.Delete(path);
            }
            catch (IOException e)
            {
                logger.LogWarning("Could not wipe the old file {Path}: {Message}", path, e.Message);
            }
        }
    }

    private static Connection Open(string path)
    {
        Batteries_V2.Init();
        // Read-write, so a WAL left by a killed old kiosk is replayed rather than ignored.
        var result = raw.sqlite3_open_v2(path, out var handle, raw.SQLITE_OPEN_READWRITE, null);
        var connection = new Connection(handle);
        if (result != raw.SQLITE_OK)
        {
            connection.Dispose();
            throw new LegacyReadException($"open: {raw.sqlite3_errstr(result).utf8_to_string()}");
        }
        return connection;
    }

    private static IEnumerable<Row> Query(Connection connection, string sql)
    {
        var prepared = raw.sqlite3_prepare_v2(connection.Handle, sql, out var statement);
        using (statement)
        {
            if (prepared != raw.SQLITE_OK)
            {
                throw new LegacyReadException($"{sql}: {raw.sqlite3_errmsg(connection.Handle).utf8_to_string()}");
            }
            while (true)
            {
                var step = raw.sqlite3_step(statement);
                if (step == raw.SQLITE_DONE)
                {
                    yield break;
                }
                if (step != raw.SQLITE_ROW)
                {
                    throw new LegacyReadException($"{sql}: {raw.sqlite3_errmsg(connection.Handle).utf8_to_string()}");
                }
                yield return new Row(statement);
            }
        }
    }

    private sealed class Connection(sqlite3 handle) : IDisposable
    {
        public sqlite3 Handle { get; } = handle;

        public void Dispose() => Handle.Dispose();
    }

    private readonly struct Row(sqlite3_stmt statement)
    {
        public string Text(int column) => raw.sqlite3_column_text(statement, column).utf8_to_string() ?? "";

        public long Int64(int column) => raw.sqlite3_column_int64(statement, column);
    }

    private sealed class LegacyReadException(string message) : Exception(message);
}
