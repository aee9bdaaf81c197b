using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using SignageKiosk.Kiosk.Storage;
using SignageKiosk.Shared.ProofOfDisplay;

namespace SignageKiosk.Kiosk.ProofOfDisplay;

/// <summary>
/// The kiosk's display hours, in their own SQLite file beside the cache (the cache is replaced on every snapshot;
/// these must survive it, restarts and outages until the controller has them). Per notice and UTC hour: the time
/// shown so far and the seconds the controller has confirmed. A damaged file is set aside and a new one started.
/// </summary>
public sealed class DisplayLog : IDisposable
{
    public const string FileName = "display.db";
    private const long MaxMilliseconds = DisplayRules.MaxSeconds * 1000L;

    private readonly string _path;
    private readonly Lock _gate = new();
    private readonly ILogger<DisplayLog> _logger;
    private SqliteConnection _connection;

    public sealed record Row(string NoticeId, DateTimeOffset Hour, int Seconds, int SentSeconds);

    public DisplayLog(IOptions<KioskOptions> options, ILogger<DisplayLog> logger)
    {
        _logger = logger;
        _path = Path.GetFullPath(Path.Combine(options.Value.DataDirectory, FileName));
        OwnerOnly.PrepareDatabase(_path);
        _connection = OpenChecked();
        OwnerOnly.RestrictDatabase(_path);
    }

    /// <summary>Adds counted time, each hour capped at an hour; all pieces in one transaction.</summary>
    public void Add(IReadOnlyCollection<DisplayPiece> pieces)
    {
        if (pieces.Count == 0)
        {
            return;
        }
        Guarded(connection =>
        {
            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText =
                """
                INSERT INTO display_hours(notice_id, hour, shown_ms, sent_seconds) VALUES (@notice, @hour, min(@ms, @max), 0)
                ON CONFLICT(notice_id, hour) DO UPDATE SET shown_ms = min(shown_ms + excluded.shown_ms, @max);
                """;
            var notice = command.Parameters.Add("@notice", SqliteType.Text);
            var hour = command.Parameters.Add("@hour", SqliteType.Integer);
            var ms = command.Parameters.Add("@ms", SqliteType.Integer);
            command.Parameters.AddWithValue("@max", MaxMilliseconds);
            foreach (var piece in pieces)
            {
                notice.Value = piece.NoticeId;
                hour.Value = piece.Hour.ToUnixTimeSeconds();
                ms.Value = (long)piece.Duration.TotalMilliseconds;
                command.ExecuteNonQuery();
            }
            transaction.Commit();
            return 0;
        });
    }

    /// <summary>Hours whose whole seconds the controller has not confirmed yet, oldest first, none later than <paramref name="notAfter"/>.</summary>
    public List<DisplayRecord> Unsent(DateTimeOffset notAfter, int max) => Guarded(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText =
            """
            SELECT notice_id, hour, shown_ms / 1000 FROM display_hours
            WHERE shown_ms / 1000 > sent_seconds AND hour <= @notAfter ORDER BY hour, notice_id LIMIT @max;
            """;
        command.Parameters.AddWithValue("@notAfter", notAfter.ToUnixTimeSeconds());
        command.Parameters.AddWithValue("@max", max);
        var records = new List<DisplayRecord>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            records.Add(new DisplayRecord { NoticeId = reader.GetString(0), Hour = DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(1)), Seconds = reader.GetInt32(2) });
        }
        return records;
    });

    /// <summary>The controller stored these: remember how many seconds of each it has (time added since stays unsent).</summary>
    public void MarkSent(IReadOnlyCollection<DisplayRecord> records) => Guarded(connection =>
    {
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "UPDATE display_hours SET sent_seconds = max(sent_seconds, @seconds) WHERE notice_id = @notice AND hour = @hour;";
        var notice = command.Parameters.Add("@notice", SqliteType.Text);
        var hour = command.Parameters.Add("@hour", SqliteType.Integer);
        var seconds = command.Parameters.Add("@seconds", SqliteType.Integer);
        foreach (var record in records)
        {
            notice.Value = record.NoticeId;
            hour.Value = record.Hour.ToUnixTimeSeconds();
            seconds.Value = record.Seconds;
            command.ExecuteNonQuery();
        }
        transaction.Commit();
        return 0;
    });

    /// <summary>Forgets hours before <paramref name="cutoff"/>: the controller would refuse them, sent or not.</summary>
    public int DropBefore(DateTimeOffset cutoff) => Guarded(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM display_hours WHERE hour < @cutoff;";
        command.Parameters.AddWithValue("@cutoff", cutoff.ToUnixTimeSeconds());
        return command.ExecuteNonQuery();
    });

    /// <summary>The latest hours, newest first (for the kiosk's local /display page).</summary>
    public List<Row> Recent(int max) => Guarded(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT notice_id, hour, shown_ms / 1000, sent_seconds FROM display_hours ORDER BY hour DESC, notice_id LIMIT @max;";
        command.Parameters.AddWithValue("@max", max);
        var rows = new List<Row>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(new Row(reader.GetString(0), DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(1)), reader.GetInt32(2), reader.GetInt32(3)));
        }
        return rows;
    });

    public void Dispose()
    {
        lock (_gate)
        {
            _connection.Dispose();
        }
    }

    /// <summary>Runs a step; if the file turns out damaged, sets it aside, starts a new one and runs the step again.</summary>
    private T Guarded<T>(Func<SqliteConnection, T> step)
    {
        lock (_gate)
        {
            try
            {
                return step(_connection);
            }
            catch (SqliteException e) when (e.SqliteErrorCode is SQLitePCL.raw.SQLITE_CORRUPT or SQLitePCL.raw.SQLITE_NOTADB)
            {
                _connection.Dispose();
                _connection = Recreate(e);
                return step(_connection);
            }
        }
    }

    private SqliteConnection OpenChecked()
    {
        try
        {
            var connection = Open();
            try
            {
                // A file that is not a database fails already in Open; a damaged one here.
                using var check = connection.CreateCommand();
                check.CommandText = "PRAGMA quick_check;";
                if (check.ExecuteScalar() as string != "ok")
                {
                    throw new SqliteException("quick_check failed", SQLitePCL.raw.SQLITE_CORRUPT);
                }
                Migrate(connection);
                return connection;
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }
        catch (SqliteException e)
        {
            return Recreate(e);
        }
    }

    private SqliteConnection Recreate(SqliteException problem)
    {
        var aside = _path + ".corrupt-" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
        _logger.LogError(problem, "Display file {Path} is damaged; moved to {Aside} and starting a new one", _path, aside);
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            if (File.Exists(_path + suffix))
            {
                File.Move(_path + suffix, aside + suffix, overwrite: true);
            }
        }
        OwnerOnly.PrepareDatabase(_path);
        var connection = Open();
        Migrate(connection);
        return connection;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false }.ToString());
        try
        {
            connection.Open();
            using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;";
            pragma.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static void Migrate(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText =
            """
            CREATE TABLE IF NOT EXISTS display_hours(
                notice_id TEXT NOT NULL,
                hour INTEGER NOT NULL,
                shown_ms INTEGER NOT NULL,
                sent_seconds INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY(notice_id, hour));
            """;
        command.ExecuteNonQuery();
    }
}
