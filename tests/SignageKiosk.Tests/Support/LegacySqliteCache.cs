using Microsoft.Data.Sqlite;

namespace SignageKiosk.Tests.Support;

/// <summary>
/// Writes a data folder the way the SQLite version of the kiosk left it (cache.db and display.db, with the exact
/// schema that version created, WAL mode), so the tests can upgrade a kiosk from it.
/// </summary>
public static class LegacySqliteCache
{
    public sealed record Contents(long Cursor, string? Fingerprint, string? KioskId, IReadOnlyList<(string Kind, string Id, string Payload)> Items)
    {
        public IReadOnlyList<(string Sha256, long Size)> Media { get; init; } = [];
        public IReadOnlyList<(string Notice, long Hour, long ShownMs, int SentSeconds)> DisplayHours { get; init; } = [];
    }

    /// <summary>What a LiteDB store holds now, as the SQLite version would have kept it.</summary>
    public static Contents From(KioskStoreFile store) =>
        new(store.Cursor, store.Fingerprint, store.KioskId, store.Items.ToList()) { DisplayHours = store.DisplayHours() };

    /// <summary>Turns a kiosk's data folder back into what the SQLite version kept: the store goes, cache.db and display.db come.</summary>
    public static Contents Downgrade(string dataDirectory, Func<Contents, Contents>? change = null)
    {
        Contents contents;
        using (var store = KioskStoreFile.Open(dataDirectory) ?? throw new InvalidOperationException("no store to downgrade"))
        {
            contents = From(store);
        }
        contents = change?.Invoke(contents) ?? contents;
        foreach (var name in new[] { KioskStoreFile.FileName, "kiosk-log.db", KioskStoreFile.GoodCopyName })
        {
            File.Delete(Path.Combine(dataDirectory, name));
        }
        Write(dataDirectory, contents);
        return contents;
    }

    public static void Write(string dataDirectory, Contents contents)
    {
        Directory.CreateDirectory(dataDirectory);
        using (var cache = Open(Path.Combine(dataDirectory, "cache.db")))
        {
            Execute(cache, """
                CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS items(kind TEXT NOT NULL, id TEXT NOT NULL, payload TEXT NOT NULL, PRIMARY KEY(kind, id));
                CREATE TABLE IF NOT EXISTS media(sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL, verified_at TEXT NOT NULL);
                """);
            using var transaction = cache.BeginTransaction();
            foreach (var (kind, id, payload) in contents.Items)
            {
                Execute(cache, "INSERT OR REPLACE INTO items(kind, id, payload) VALUES (@a, @b, @c);", kind, id, payload);
            }
            Execute(cache, "INSERT OR REPLACE INTO meta(key, value) VALUES ('cursor', @a);", contents.Cursor.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (contents.Fingerprint is not null)
            {
                Execute(cache, "INSERT OR REPLACE INTO meta(key, value) VALUES ('fingerprint', @a);", contents.Fingerprint);
            }
            if (contents.KioskId is not null)
            {
                Execute(cache, "INSERT OR REPLACE INTO meta(key, value) VALUES ('kiosk', @a);", contents.KioskId);
            }
            foreach (var (sha, size) in contents.Media)
            {
                Execute(cache, "INSERT OR REPLACE INTO media(sha256, size, verified_at) VALUES (@a, @b, datetime('now'));", sha, size);
            }
            transaction.Commit();
        }
        using var display = Open(Path.Combine(dataDirectory, "display.db"));
        Execute(display, """
            CREATE TABLE IF NOT EXISTS display_hours(
                notice_id TEXT NOT NULL,
                hour INTEGER NOT NULL,
                shown_ms INTEGER NOT NULL,
                sent_seconds INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY(notice_id, hour));
            """);
        foreach (var (notice, hour, shown, sent) in contents.DisplayHours)
        {
            Execute(display, "INSERT OR REPLACE INTO display_hours(notice_id, hour, shown_ms, sent_seconds) VALUES (@a, @b, @c, @d);", notice, hour, shown, sent);
        }
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql, params object[] values)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters.AddWithValue("@" + (char)('a' + i), values[i]);
        }
        command.ExecuteNonQuery();
    }
}
