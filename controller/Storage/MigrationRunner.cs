using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace SignageKiosk.Controller.Storage;

/// <summary>
/// Applies the store's forward-only migrations for whichever back end it is on, each step in its own transaction with
/// its version number. SQLite keeps the number in user_version; PostgreSQL in schema_version, and several nodes
/// starting at once take an advisory lock so only one migrates (the others then find nothing left to do).
/// </summary>
public static class MigrationRunner
{
    private const long MigrationLockKey = 0x5349474E4D49; // "SIGNMI"

    public static async Task ApplyAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (connection is SqliteConnection)
        {
            await connection.ExecAsync("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;", null, cancellationToken);
            await ApplyStepsAsync(connection, Migrations.Sqlite,
                async c => await c.ScalarAsync<long>("PRAGMA user_version;", null, cancellationToken),
                (c, t, version) => c.ExecAsync($"PRAGMA user_version = {version};", t, cancellationToken), cancellationToken);
            return;
        }
        await connection.ExecAsync("SELECT pg_advisory_lock(@key);", null, cancellationToken, ("@key", MigrationLockKey));
        try
        {
            await connection.ExecAsync("CREATE TABLE IF NOT EXISTS schema_version(version BIGINT NOT NULL);", null, cancellationToken);
            await ApplyStepsAsync(connection, PostgreSqlMigrations.Steps,
                async c => await c.ScalarAsync<long?>("SELECT max(version) FROM schema_version;", null, cancellationToken) ?? 0,
                (c, t, version) => c.ExecAsync("INSERT INTO schema_version(version) VALUES (@version);", t, cancellationToken, ("@version", (long)version)),
                cancellationToken);
        }
        finally
        {
            await connection.ExecAsync("SELECT pg_advisory_unlock(@key);", null, CancellationToken.None, ("@key", MigrationLockKey));
        }
    }

    private static async Task ApplyStepsAsync(DbConnection connection, IReadOnlyList<string> steps, Func<DbConnection, Task<long>> current,
        Func<DbConnection, DbTransaction, int, Task> record, CancellationToken cancellationToken)
    {
        for (var step = (int)await current(connection); step < steps.Count; step++)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await connection.ExecAsync(steps[step], transaction, cancellationToken);
            await record(connection, transaction, step + 1);
            await transaction.CommitAsync(cancellationToken);
        }
    }
}
