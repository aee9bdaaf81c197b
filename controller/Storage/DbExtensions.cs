using System.Data;
using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace SignageKiosk.Controller.Storage;

/// <summary>
/// The few ADO.NET helpers every store uses, for both back ends (decision 0037). Parameters are normalised so the same
/// SQL stores the same values in SQLite and PostgreSQL: booleans as 0/1 integers, instants as text.
/// </summary>
internal static class DbExtensions
{
    /// <summary>Serialises writers like SQLite's one writer: every node's explicit write transaction takes it first.</summary>
    public const long WriterLockKey = 0x5349474E4147; // "SIGNAG"

    public static DbCommand Command(this DbConnection connection, string sql, DbTransaction? transaction = null, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            command.Add(name, value);
        }
        return command;
    }

    public static DbParameter Add(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = Normalise(value);
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>A parameter whose value is set per execution, for a command run many times in one transaction.</summary>
    public static DbParameter Add(this DbCommand command, string name, DbType type)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>
    /// What Microsoft.Data.Sqlite itself binds for these types (so SQLite files keep the text they always had), given to
    /// PostgreSQL as the same values: booleans as integers, instants as its text form, not as typed PostgreSQL values.
    /// </summary>
    public static object Normalise(object? value) => value switch
    {
        null => DBNull.Value,
        bool b => b ? 1L : 0L,
        DateTimeOffset at => at.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFFzzz", CultureInfo.InvariantCulture),
        DateTime at => at.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture),
        _ => value,
    };

    public static async Task<int> ExecAsync(this DbConnection connection, string sql, DbTransaction? transaction, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.Command(sql, transaction, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<T?> ScalarAsync<T>(this DbConnection connection, string sql, DbTransaction? transaction, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.Command(sql, transaction, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), CultureInfo.InvariantCulture);
    }

    public static string? GetStringOrNull(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>
    /// A write transaction that excludes every other writer until it commits: SQLite's BEGIN IMMEDIATE; on PostgreSQL a
    /// transaction-scoped advisory lock, the same for every node, so read-then-write steps stay serialised across nodes
    /// and the change log's sequence follows commit order (decision 0037).
    /// </summary>
    public static async Task<DbTransaction> BeginWriteAsync(this DbConnection connection, CancellationToken cancellationToken)
    {
        if (connection is SqliteConnection sqlite)
        {
            return sqlite.BeginTransaction(deferred: false);
        }
        var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        await connection.ExecAsync("SELECT pg_advisory_xact_lock(@key);", transaction, cancellationToken, ("@key", WriterLockKey));
        return transaction;
    }

    /// <summary>A read transaction that sees one consistent state of the store (SQLite's deferred; PostgreSQL's repeatable read).</summary>
    public static async Task<DbTransaction> BeginSnapshotAsync(this DbConnection connection, CancellationToken cancellationToken) =>
        connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: true)
            : await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
}
