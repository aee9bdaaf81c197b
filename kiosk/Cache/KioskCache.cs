using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using SignageKiosk.Kiosk.Storage;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Media;
using SignageKiosk.Shared.Roster;
using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Kiosk.Cache;

/// <summary>
/// The kiosk's own store. Every batch of changes is applied in one transaction together with the cursor,
/// so after any crash the cache holds exactly the changes up to its cursor, never half a batch.
/// </summary>
public sealed class KioskCache : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();
    private readonly ILogger<KioskCache> _logger;
    private BoardContent? _content;

    public KioskCache(IOptions<KioskOptions> options, ILogger<KioskCache> logger)
    {
        _logger = logger;
        var path = Path.GetFullPath(options.Value.CachePath);
        OwnerOnly.PrepareDatabase(path);
        _connection = OpenChecked(path);
        OwnerOnly.RestrictDatabase(path);
        Cursor = ReadMeta("cursor") is { } c ? long.Parse(c, System.Globalization.CultureInfo.InvariantCulture) : 0;
        ChainFingerprint = ReadMeta("fingerprint");
        KioskId = ReadMeta("kiosk");
    }

    public long Cursor { get; private set; }
    public string? ChainFingerprint { get; private set; }
    public string? KioskId { get; private set; }
    /// <summary>Where a damaged cache found at start was moved (it is rebuilt from the controller), else null.</summary>
    public string? SetAside { get; private set; }

    /// <summary>Raised after every committed change, outside the lock.</summary>
    public event Action? Changed;

    private SqliteConnection OpenChecked(string path)
    {
        try
        {
            var connection = Open(path);
            using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA quick_check;";
            if (check.ExecuteScalar() as string != "ok")
            {
                throw new SqliteException("quick_check failed", 11);
            }
            Migrate(connection);
            return connection;
        }
        catch (SqliteException e)
        {
            // A cache is only a copy: set the damaged file aside and rebuild from the controller.
            var aside = path + ".corrupt-" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
            _logger.LogError(e, "Cache {Path} is damaged; moved to {Aside} and starting a new one", path, aside);
            SetAside = aside;
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                if (File.Exists(path + suffix))
                {
                    File.Move(path + suffix, aside + suffix, overwrite: true);
                }
            }
            OwnerOnly.PrepareDatabase(path);
            var connection = Open(path);
            Migrate(connection);
            return connection;
        }
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

    /// <summary>
    /// A cache filled by an older kiosk holds private numbers whole: mask them in place, with the freed bytes zeroed
    /// (secure_delete) and the WAL checkpointed into the file, so the whole number is gone from the disk, not just unused.
    /// </summary>
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
        Changed?.Invoke();
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
        Changed?.Invoke();
    }

    public void MarkMediaVerified(MediaRef media)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "INSERT OR REPLACE INTO media(sha256, size, verified_at) VALUES (@h, @s, datetime('now'));";
            command.Parameters.AddWithValue("@h", media.Sha256);
            command.Parameters.AddWithValue("@s", media.Size);
            command.ExecuteNonQuery();
            _content = null;
        }
        Changed?.Invoke();
    }

    /// <summary>Forgets a file that is missing or damaged on disk, so it is fetched again.</summary>
    public void ForgetMedia(string sha256)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "DELETE FROM media WHERE sha256 = @h;";
            command.Parameters.AddWithValue("@h", sha256);
            command.ExecuteNonQuery();
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
            (kind, e) => _logger.LogWarning("Skipping a cached {Kind} record this version cannot read: {Message}", kind, e.Message));
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

    public void Dispose() => _connection.Dispose();
}
