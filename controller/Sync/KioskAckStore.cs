using System.Data;
using System.Data.Common;
using Npgsql;
using NpgsqlTypes;
using SignageKiosk.Controller.Storage;

namespace SignageKiosk.Controller.Sync;

/// <summary>
/// Records kiosks' acknowledged sequences, last-seen times and versions, many kiosks in one transaction. After a
/// publish to a whole district every kiosk's row changes at once: SQLite takes a prepared statement per row in-process;
/// PostgreSQL takes the rows as arrays in one statement per chunk, not one network round trip per kiosk.
/// </summary>
public sealed class KioskAckStore(ControllerDb db)
{
    public readonly record struct AckRow(string KioskId, long AckedSeq, DateTimeOffset LastSeen, string? SoftwareVersion);

    /// <summary>Rows per PostgreSQL statement: bounded so one statement's arrays stay a few hundred kilobytes.</summary>
    private const int Chunk = 5_000;

    public async Task WriteAsync(IReadOnlyList<AckRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (connection is NpgsqlConnection postgres)
        {
            await WritePostgreSqlAsync(postgres, (NpgsqlTransaction)transaction, rows, cancellationToken);
        }
        else
        {
            await WriteRowByRowAsync(connection, transaction, rows, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task WriteRowByRowAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<AckRow> rows, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(
            "UPDATE kiosks SET acked_seq = max(acked_seq, @acked), last_seen = @seen, software_version = coalesce(@version, software_version) WHERE id = @id;",
            transaction);
        var acked = command.Add("@acked", DbType.Int64);
        var seen = command.Add("@seen", DbType.String);
        var version = command.Add("@version", DbType.String);
        var id = command.Add("@id", DbType.String);
        foreach (var row in rows)
        {
            acked.Value = row.AckedSeq;
            seen.Value = Stamp(row.LastSeen);
            version.Value = (object?)row.SoftwareVersion ?? DBNull.Value;
            id.Value = row.KioskId;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task WritePostgreSqlAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<AckRow> rows, CancellationToken cancellationToken)
    {
        for (var from = 0; from < rows.Count; from += Chunk)
        {
            var chunk = rows.Skip(from).Take(Chunk).ToList();
            await using var command = new NpgsqlCommand(
                """
                UPDATE kiosks AS k
                SET acked_seq = greatest(k.acked_seq, u.acked), last_seen = u.seen, software_version = coalesce(u.version, k.software_version)
                FROM unnest(@ids, @acked, @seen, @versions) AS u(id, acked, seen, version)
                WHERE k.id = u.id;
                """, connection, transaction);
            command.Parameters.Add(new NpgsqlParameter<string[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = chunk.Select(r => r.KioskId).ToArray() });
            command.Parameters.Add(new NpgsqlParameter<long[]>("acked", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = chunk.Select(r => r.AckedSeq).ToArray() });
            command.Parameters.Add(new NpgsqlParameter<string[]>("seen", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = chunk.Select(r => Stamp(r.LastSeen)).ToArray() });
            command.Parameters.Add(new NpgsqlParameter<string?[]>("versions", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = chunk.Select(r => r.SoftwareVersion).ToArray() });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>The round-trip text form last_seen has always been written in.</summary>
    private static string Stamp(DateTimeOffset at) => at.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
}
