using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace SignageKiosk.Controller.Storage;

/// <summary>
/// Opens connections to the controller's store: the SQLite file (the embedded default) or PostgreSQL (decision 0037).
/// For SQLite, WAL lets kiosk catch-up reads run beside the one writer; foreign_keys, busy_timeout and synchronous are
/// per connection, so every connection sets them: "published" means durable (decision 0001), so each commit is fsync'd
/// (synchronous = FULL) on whichever pooled connection a request gets. PostgreSQL commits are durable by default.
/// </summary>
public sealed class ControllerDb : IAsyncDisposable
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> Configured = new();
    private static readonly object Marker = new();

    private readonly string _connectionString;
    private readonly NpgsqlDataSource? _postgres;

    public ControllerDb(IOptions<StorageOptions> options)
    {
        var settings = options.Value;
        Provider = settings.Provider;
        if (Provider == StoreProvider.PostgreSql)
        {
            _connectionString = settings.ConnectionString
                ?? throw new InvalidOperationException("Storage:ConnectionString is required when Storage:Provider is PostgreSql");
            _postgres = new NpgsqlDataSourceBuilder(_connectionString).Build();
            return;
        }
        var path = Path.GetFullPath(settings.DatabasePath);
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

    public StoreProvider Provider { get; }

    /// <summary>For tests that look at the pooled connections requests used.</summary>
    internal string ConnectionString => _connectionString;

    /// <summary>What every SQLite connection is set to; journal_mode = WAL is kept in the file by the migrations.</summary>
    public const string ConnectionPragmas = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA synchronous = FULL;";

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(cancellationToken);
        }
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        // The settings live on the native handle, which the pool hands out again: set them once per handle, not on
        // every open (a reconnecting kiosk opens about ten connections; the pragmas were 6% of a storm's CPU).
        if (connection.Handle is { } handle && !Configured.TryGetValue(handle, out _))
        {
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = ConnectionPragmas;
            await pragma.ExecuteNonQueryAsync(cancellationToken);
            Configured.AddOrUpdate(handle, Marker);
        }
        return connection;
    }

    /// <summary>Whether this handle was set up by <see cref="OpenAsync"/> (its pragmas are trusted from then on); for the durability tests.</summary>
    internal static bool IsConfigured(SqliteConnection connection) => connection.Handle is { } handle && Configured.TryGetValue(handle, out _);

    /// <summary>PostgreSQL only, for the few callers that cannot be asynchronous (ASP.NET Core's key ring repository).</summary>
    public DbConnection OpenPostgreSql() =>
        _postgres?.OpenConnection() ?? throw new InvalidOperationException("the store is not on PostgreSQL");

    public ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            return _postgres.DisposeAsync();
        }
        // SQLite's pool is per process: a stopped controller closes its files, so a restore that swaps the data
        // directory is not followed by a restart (in the same process) on handles to the replaced database.
        SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
        return ValueTask.CompletedTask;
    }
}
