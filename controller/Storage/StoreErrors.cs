using Microsoft.Data.Sqlite;
using Npgsql;

namespace SignageKiosk.Controller.Storage;

/// <summary>What a store failure means, the same for both back ends.</summary>
public static class StoreErrors
{
    private const int SqliteConstraint = 19;

    /// <summary>A UNIQUE, PRIMARY KEY, FOREIGN KEY or CHECK constraint refused the write (nothing was written).</summary>
    public static bool IsConstraint(Exception exception) => exception switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == SqliteConstraint,
        // Class 23: integrity constraint violation.
        PostgresException postgres => postgres.SqlState.StartsWith("23", StringComparison.Ordinal),
        _ => false,
    };
}
