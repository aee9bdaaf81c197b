using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Shared.Roster;
using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Controller.Sync;

/// <summary>The global, ordered log of every change; the truth kiosks catch up from.</summary>
public sealed class ChangeLog(ControllerDb db)
{
    /// <summary>
    /// Appends inside the caller's write transaction (<see cref="DbExtensions.BeginWriteAsync"/>), so the change and its
    /// log entry commit together. The number is the last one plus one, taken while the writer lock is held: the log is
    /// gap-free and in commit order on every node, so no kiosk reads past a number that commits later (decision 0037).
    /// </summary>
    public static async Task<ChangeRecord> AppendAsync(DbConnection connection, DbTransaction transaction, ChangeRecord change, DateTimeOffset now, string? actor, CancellationToken cancellationToken)
    {
        var seq = await connection.ScalarAsync<long>(
            """
            INSERT INTO changes(seq, kind, item_id, op, target_place_id, target_kiosk_id, payload, created_at, actor)
            VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM changes), @kind, @id, @op, @place, @kiosk, @payload, @now, @actor) RETURNING seq;
            """,
            transaction, cancellationToken,
            ("@kind", change.Kind), ("@id", change.ItemId), ("@op", change.Op.ToString()), ("@place", change.TargetPlaceId),
            ("@kiosk", change.TargetKioskId), ("@payload", change.Payload), ("@now", now.ToString("O", CultureInfo.InvariantCulture)), ("@actor", actor));
        return change with { Seq = seq };
    }

    public async Task<long> HeadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.ScalarAsync<long?>("SELECT max(seq) FROM changes;", null, cancellationToken) ?? 0;
    }

    /// <summary>Latest change at or below <paramref name="upTo"/> that targets the kiosk.</summary>
    public async Task<long> HeadForAsync(string kioskId, IReadOnlyList<string> chain, long upTo, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var command = connection.Command("", null, ("@kiosk", kioskId), ("@upTo", upTo));
        // Two index seeks per target beat one OR scan over the whole log.
        var parts = new List<string> { "SELECT max(seq) FROM changes WHERE target_kiosk_id = @kiosk AND seq <= @upTo" };
        for (var i = 0; i < chain.Count; i++)
        {
            parts.Add($"SELECT max(seq) FROM changes WHERE target_place_id = @p{i} AND seq <= @upTo");
            command.Add($"@p{i}", chain[i]);
        }
        command.CommandText = "SELECT max(m) FROM (" + string.Join(" UNION ALL ", parts.Select(p => p.Replace("SELECT max(seq)", "SELECT max(seq) AS m"))) + ") AS heads;";
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is long l ? l : 0;
    }

    /// <summary>The changes after <paramref name="after"/> that target the kiosk, oldest first, with Prev chained.</summary>
    /// <summary>
    /// Every change after <paramref name="cursor"/>, whoever it targets, in order: what a node's change feed hands its
    /// dispatcher (decision 0040). On the caller's connection, the one the feed listens on.
    /// </summary>
    public static async Task<List<ChangeRecord>> ReadAllAfterAsync(DbConnection connection, long cursor, int batch, CancellationToken cancellationToken)
    {
        var read = new List<ChangeRecord>();
        await using var command = connection.Command(
            """
            SELECT seq, kind, item_id, op, target_place_id, target_kiosk_id, payload FROM changes
            WHERE seq > @cursor ORDER BY seq LIMIT @batch;
            """, null, ("@cursor", cursor), ("@batch", batch));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var (seqAt, kindAt, idAt, opAt, placeAt, kioskAt, payloadAt) = (reader.GetOrdinal("seq"), reader.GetOrdinal("kind"), reader.GetOrdinal("item_id"),
            reader.GetOrdinal("op"), reader.GetOrdinal("target_place_id"), reader.GetOrdinal("target_kiosk_id"), reader.GetOrdinal("payload"));
        while (await reader.ReadAsync(cancellationToken))
        {
            read.Add(new ChangeRecord(reader.GetInt64(seqAt), reader.GetString(kindAt), reader.GetString(idAt), Enum.Parse<ChangeOp>(reader.GetString(opAt)),
                reader.GetStringOrNull(placeAt), reader.GetStringOrNull(kioskAt), reader.GetStringOrNull(payloadAt)));
        }
        return read;
    }

    public async Task<ChangeBatch> ReadAfterAsync(string kioskId, IReadOnlyList<string> chain, long after, int max, CancellationToken cancellationToken)
    {
        max = Math.Clamp(max, 1, SyncProtocol.MaxBatch);
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var command = connection.Command("", null, ("@kiosk", kioskId), ("@after", after), ("@limit", max + 1));
        var placeParams = new List<string>();
        for (var i = 0; i < chain.Count; i++)
        {
            placeParams.Add($"@p{i}");
            command.Add($"@p{i}", chain[i]);
        }
        var inList = placeParams.Count == 0 ? "NULL" : string.Join(",", placeParams);
        command.CommandText =
            $"""
            SELECT seq, kind, item_id, op, payload FROM changes
            WHERE seq > @after AND (target_kiosk_id = @kiosk OR target_place_id IN ({inList}))
            ORDER BY seq LIMIT @limit;
            """;
        var list = new List<SyncChange>(Math.Min(max, 256));
        var prev = after;
        var more = false;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        // A streamed hot path (catch-up): columns by name once, not a row type per change (decision 0041).
        var (seqAt, kindAt, idAt, opAt, payloadAt) = (reader.GetOrdinal("seq"), reader.GetOrdinal("kind"), reader.GetOrdinal("item_id"), reader.GetOrdinal("op"), reader.GetOrdinal("payload"));
        while (await reader.ReadAsync(cancellationToken))
        {
            if (list.Count == max)
            {
                more = true;
                break;
            }
            var seq = reader.GetInt64(seqAt);
            list.Add(ToSyncChange(seq, prev, reader.GetString(kindAt), reader.GetString(idAt), Enum.Parse<ChangeOp>(reader.GetString(opAt)), reader.GetStringOrNull(payloadAt)));
            prev = seq;
        }
        return new ChangeBatch { Changes = list, More = more };
    }

    /// <summary>
    /// The one way a stored payload becomes what a kiosk receives (live push, catch-up, snapshot, and the preview that
    /// renders a snapshot): a private number leaves only masked (decision 0019).
    /// </summary>
    public static SyncChange ToSyncChange(long seq, long prev, string kind, string id, ChangeOp op, string? storedPayload)
    {
        var payload = PrivatePhonePayload.Mask(kind, storedPayload);
        return new()
        {
            Seq = seq,
            Prev = prev,
            Kind = kind,
            Id = id,
            Op = op,
            Payload = payload is null ? null : JsonDocument.Parse(payload).RootElement.Clone(),
        };
    }
}
