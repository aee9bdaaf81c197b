using System.Data;
using System.Data.Common;
using System.Globalization;
using Dapper;

namespace SignageKiosk.Controller.Storage;

/// <summary>
/// Rows are read by column name, not position (decision 0041): Dapper maps snake_case columns onto a store's row types,
/// and parameters go through <see cref="DbExtensions.Normalise"/> so both back ends store the same values (instants as
/// text, booleans as 0/1). Row types are classes with settable properties, not positional records: Dapper matches a
/// constructor only when every column's provider type is exactly the parameter's, which SQLite and PostgreSQL differ on.
/// </summary>
internal static class RowMapping
{
    /// <summary>Dapper's settings are process-wide: set once, by the runtime, before the first query through this class.</summary>
    static RowMapping()
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        // Instants are stored as text in both back ends; Dapper's own DateTimeOffset mapping would bind a typed value.
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset));
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset?));
        SqlMapper.AddTypeHandler(new InstantHandler());
    }

    public static async Task<List<T>> QueryAsync<T>(this DbConnection connection, string sql, DbTransaction? transaction, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var rows = await connection.QueryAsync<T>(new CommandDefinition(sql, Parameters(parameters), transaction, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public static async Task<T?> QuerySingleOrNullAsync<T>(this DbConnection connection, string sql, DbTransaction? transaction, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        return await connection.QueryFirstOrDefaultAsync<T>(new CommandDefinition(sql, Parameters(parameters), transaction, cancellationToken: cancellationToken));
    }

    private static DynamicParameters Parameters((string Name, object? Value)[] parameters)
    {
        var result = new DynamicParameters();
        foreach (var (name, value) in parameters)
        {
            var normalised = DbExtensions.Normalise(value);
            result.Add(name, normalised is DBNull ? null : normalised);
        }
        return result;
    }

    /// <summary>Reads the text form <see cref="DbExtensions.Normalise"/> writes; an instant without an offset is UTC.</summary>
    private sealed class InstantHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override DateTimeOffset Parse(object value) => value switch
        {
            string text => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            DateTimeOffset at => at,
            DateTime at => new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)),
            _ => throw new DataException($"an instant was stored as {value.GetType().Name}"),
        };

        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
        {
            parameter.DbType = DbType.String;
            parameter.Value = DbExtensions.Normalise(value);
        }
    }
}
