using Microsoft.Data.Sqlite;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Roster;
using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Bench;

/// <summary>
/// FOR COMPARISON ONLY, never used by the kiosk: the kiosk's store as of commit fa82430~1 (kiosk/Cache/KioskCache.cs
/// and the database parts of kiosk/Storage/OwnerOnly.cs before the move to LiteDB), reproduced so that the store
/// benchmark can measure the SQLite "before" beside the LiteDB "after" in one run on one machine.
///
/// Kept as it was: the connection string (no pooling), the PRAGMAs (WAL, synchronous FULL, foreign keys), the open
/// path (owner-only file prepared, PRAGMA quick_check, CREATE TABLE IF NOT EXISTS, the scan of cached people for
/// whole private numbers with its rewrite, the three meta reads), the statements, one transaction per batch with the
/// cursor, <see cref="ReplaceAll"/> in one transaction, and <see cref="Content"/> (two SELECTs, then the same
/// shared BoardContentBuilder).
/// Left out, as they never run here: setting a damaged file aside (an SqliteException is rethrown instead), the
/// media index writes (MarkMediaVerified, ForgetMedia; the table is still created and read), the logger and the
/// Changed event. The display hours (display.db, a second SQLite file of the old kiosk) are not part of it.
/// </summary>
public sealed class SqliteCacheBaseline : IDisposable
{
    public const string FileName = "cache.db";

    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();
    private BoardContent? _content;

    public SqliteCacheBaseline(string dataDirectory)
    {
        var path = Path.GetFullPath(Path.Combine(dataDirectory, FileName));
        PrepareDatabase(path);
        _connection = OpenChecked(path);
        RestrictDatabase(path);
        Cursor = ReadMeta("cursor") is { } c ? long.Parse(c, System.Globalization.CultureInfo.InvariantCulture) : 0;
        ChainFingerprint = ReadMeta("fingerprint");
        KioskId = ReadMeta("kiosk");
    }

    public long Cursor { get; private set; }
    public string? ChainFingerprint { get; private set; }
    public string? KioskId { get; private set; }

    private static SqliteConnection OpenChecked(string path)
    {
        var connection = Open(path);
        using var check = connection.CreateCommand();
        check.CommandText = "PRAGMA quick_check;";
        if (check.ExecuteScalar() as string != "ok")
        {
            connection.Dispose();
            throw new SqliteException("quick_check failed", 11);
        }
        Migrate(connection);
        return connection;
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    private static void Migrate(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText =
            """
            CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS items(kind TEXT NOT NULL, id TEXT NOT NULL, payload TEXT NOT NULL, PRIMARY KEY(kind, id));
            CREATE TABLE IF NOT EXISTS media(sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL, verified_at TEXT NOT NULL);
            """;
        command.ExecuteNonQuery();
        MaskCachedNumbers(connection);
    }

    /// <summary>As the old kiosk did on every open: whole private numbers left by an older version masked in place.</summary>
    private static void MaskCachedNumbers(SqliteConnection connection)
    {
        var rewrites = new List<(string Id, string Payload)>();
        using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT id, payload FROM items WHERE kind = 'people';";
            using var reader = read.ExecuteReader();
            while (reader.Read())
            {
                var payload = reader.GetString(1);
                try
                {
                    if (PrivatePhonePayload.Mask(ContentKind.Person, payload) is { } masked && !ReferenceEquals(masked, payload))
                    {
                        rewrites.Add((reader.GetString(0), masked));
                    }
                }
                catch (System.Text.Json.JsonException)
                {
                    // Unreadable: the board skips it too; the next snapshot replaces it.
                }
            }
        }
        if (rewrites.Count == 0)
        {
            return;
        }
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA secure_delete = ON;";
        command.ExecuteNonQuery();
        using (var transaction = connection.BeginTransaction())
        {
            command.Transaction = transaction;
            command.CommandText = "UPDATE items SET payload = @payload WHERE kind = 'people' AND id = @id;";
            foreach (var (id, payload) in rewrites)
            {
                command.Parameters.Clear();
                command.Parameters.AddWithValue("@id", id);
                command.Parameters.AddWithValue("@payload", payload);
                command.ExecuteNonQuery();
            }
            transaction.Commit();
        }
        command.Transaction = null;
        command.Parameters.Clear();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        command.ExecuteNonQuery();
    }

    /// <summary>Applies changes and moves the cursor to <paramref name="cursor"/> in one transaction.</summary>
    public void Apply(IReadOnlyList<SyncChange> changes, long cursor)
    {
        lock (_gate)
        {
            if (cursor < Cursor)
            {
                throw new InvalidOperationException($"cursor would go back from {Cursor} to {cursor}");
            }
            using var transaction = _connection.BeginTransaction();
            foreach (var change in changes)
            {
                Write(transaction, change);
            }
            WriteMeta(transaction, "cursor", cursor.ToString(System.Globalization.CultureInfo.InvariantCulture));
            transaction.Commit();
            Cursor = cursor;
            _content = null;
        }
    }

    /// <summary>Replaces everything with a snapshot, in one transaction.</summary>
    public void ReplaceAll(SyncSnapshot snapshot, string kioskId)
    {
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            using (var clear = _connection.CreateCommand())
            {
                clear.Transaction = transaction;
                clear.CommandText = "DELETE FROM items;";
                clear.ExecuteNonQuery();
            }
            foreach (var item in snapshot.Items)
            {
                Write(transaction, item);
            }
            WriteMeta(transaction, "cursor", snapshot.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture));
            WriteMeta(transaction, "fingerprint", snapshot.ChainFingerprint);
            WriteMeta(transaction, "kiosk", kioskId);
            transaction.Commit();
            Cursor = snapshot.Seq;
            ChainFingerprint = snapshot.ChainFingerprint;
            KioskId = kioskId;
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

    public int ItemCount()
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM items;";
            return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private BoardContent Load()
    {
        var records = new List<(string Kind, string Json)>();
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT kind, payload FROM items ORDER BY kind, id;";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                records.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        var verified = new HashSet<string>(StringComparer.Ordinal);
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT sha256 FROM media;";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                verified.Add(reader.GetString(0));
            }
        }
        return BoardContentBuilder.Build(records, KioskId, verified,
            (kind, e) => throw new InvalidOperationException($"the benchmark wrote a {kind} record the board cannot read: {e.Message}", e));
    }

    private void Write(SqliteTransaction transaction, SyncChange change)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.Parameters.AddWithValue("@kind", change.Kind);
        command.Parameters.AddWithValue("@id", change.Id);
        if (change.Op == ChangeOp.Delete || change.Payload is null)
        {
            command.CommandText = "DELETE FROM items WHERE kind = @kind AND id = @id;";
        }
        else
        {
            command.CommandText = "INSERT OR REPLACE INTO items(kind, id, payload) VALUES (@kind, @id, @payload);";
            // The controller sends private numbers masked already; a cache never keeps one whole, whoever sent it.
            command.Parameters.AddWithValue("@payload", PrivatePhonePayload.Mask(change.Kind, change.Payload.Value.GetRawText()));
        }
        command.ExecuteNonQuery();
    }

    private void WriteMeta(SqliteTransaction transaction, string key, string value)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT OR REPLACE INTO meta(key, value) VALUES (@k, @v);";
        command.Parameters.AddWithValue("@k", key);
        command.Parameters.AddWithValue("@v", value);
        command.ExecuteNonQuery();
    }

    private string? ReadMeta(string key)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE key = @k;";
        command.Parameters.AddWithValue("@k", key);
        return command.ExecuteScalar() as string;
    }

    // OwnerOnly.PrepareDatabase and RestrictDatabase as of fa82430~1 (the two calls around the open).
    private static void PrepareDatabase(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            return;
        }
        Directory.CreateDirectory(folder, OwnerOnlyFolder);
        if (File.GetUnixFileMode(folder) != OwnerOnlyFolder)
        {
            File.SetUnixFileMode(folder, OwnerOnlyFolder);
        }
        if (!File.Exists(path))
        {
            using var _ = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, UnixCreateMode = OwnerOnlyFile });
        }
        RestrictDatabase(path);
    }

    private static void RestrictDatabase(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
        {
            var file = path + suffix;
            try
            {
                if (File.Exists(file) && File.GetUnixFileMode(file) != OwnerOnlyFile)
                {
                    File.SetUnixFileMode(file, OwnerOnlyFile);
                }
            }
            catch (FileNotFoundException)
            {
                // SQLite removed it meanwhile (a checkpoint): nothing left to protect.
            }
        }
    }

    public void Dispose() => _connection.Dispose();
}
