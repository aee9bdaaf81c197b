using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace SignageKiosk.Controller.Storage;

/// <summary>
/// Opens connections to the controller's SQLite file. WAL lets kiosk catch-up reads run beside the one
/// writer; foreign keys are per connection in SQLite, so every connection turns them on.
/// </summary>
public sealed class ControllerDb
{
    private readonly string _connectionString;

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

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }
}
