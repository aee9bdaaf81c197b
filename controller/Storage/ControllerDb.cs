using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace SignageKiosk.Controller.Storage;

/// <summary>
/// Opens connections to the controller's SQLite file. WAL lets kiosk catch-up reads run beside the one
/// writer. foreign_keys, busy_timeout and synchronous are per connection in SQLite, so every connection sets
/// them, not only the one that runs the migrations: "published" means durable (decision 0001), so each commit
/// is fsync'd (synchronous = FULL) on whichever connection a request happens to get from the pool.
/// </summary>
public sealed class ControllerDb
{
    private readonly string _connectionString;

    /// <summary>For tests that look at the pooled connections requests used.</summary>
    internal string ConnectionString => _connectionString;

    public ControllerDb(IOptions<StorageOptions> options)
    {
        var path = Path.GetFullPath(options.Value.DatabasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>What every connection is set to; journal_mode = WAL is kept in the file by the migrations.</summary>
    public const string ConnectionPragmas = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA synchronous = FULL;";

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = ConnectionPragmas;
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }
}
