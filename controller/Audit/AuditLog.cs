using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using SignageKiosk.Controller.Api.Paging;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Controller.Sync;
using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Controller.Audit;

/// <summary>
/// The audit trail, written in the same transaction as the change it describes. "Before" is the record as
/// the change log last had it, so every write path is audited without each one remembering to.
/// </summary>
public sealed class AuditLog(ControllerDb db)
{
    public const int MaxPage = 500;

    /// <summary>One entry per item touched by a write (a move's delete-and-upsert is one update).</summary>
    public static async Task RecordAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<ChangeRecord> logged, string actor, string? address, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var item in logged.GroupBy(c => (c.Kind, c.ItemId)))
        {
            var first = item.Min(c => c.Seq);
            var last = item.MaxBy(c => c.Seq)!;
            var previous = await connection.QuerySingleOrNullAsync<ChangeRow>(
                "SELECT op, payload FROM changes WHERE kind = @kind AND item_id = @id AND seq < @first ORDER BY seq DESC LIMIT 1;",
                transaction, cancellationToken, ("@kind", item.Key.Kind), ("@id", item.Key.ItemId), ("@first", first));
            var before = previous is { Op: nameof(ChangeOp.Upsert) } ? previous.Payload : null;
            var upsert = item.LastOrDefault(c => c.Op == ChangeOp.Upsert);
            var action = upsert is null ? "delete" : before is null ? "create" : "update";
            await connection.ExecAsync(
                """
                INSERT INTO audit(at, actor, address, action, kind, item_id, seq, before, after)
                VALUES (@at, @actor, @address, @action, @kind, @id, @seq, @before, @after);
                """,
                transaction, cancellationToken,
                ("@at", now.ToString("O", CultureInfo.InvariantCulture)), ("@actor", actor), ("@address", address), ("@action", action),
                ("@kind", item.Key.Kind), ("@id", item.Key.ItemId), ("@seq", last.Seq), ("@before", before), ("@after", upsert?.Payload));
        }
    }

    /// <summary>Records an action outside the change log (users, credentials), in its own transaction.</summary>
    public Task RecordAsync(string actor, string? address, string action, string kind, string itemId, DateTimeOffset now, CancellationToken cancellationToken) =>
        RecordAsync(actor, address, action, kind, itemId, null, null, now, cancellationToken);

    /// <summary>As above, with the record before and after (JSON), for changes outside the change log such as accounts.</summary>
    public async Task RecordAsync(string actor, string? address, string action, string kind, string itemId, string? before, string? after, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await RecordAsync(connection, null, actor, address, action, kind, itemId, now, cancellationToken, before, after);
    }

    /// <summary>
    /// Records an action outside the change log inside the caller's transaction, so it commits with what it describes.
    /// Never pass a secret: entries name who did what to which record.
    /// </summary>
    public static Task RecordAsync(DbConnection connection, DbTransaction? transaction, string actor, string? address, string action, string kind, string itemId, DateTimeOffset now, CancellationToken cancellationToken, string? before = null, string? after = null) =>
        connection.ExecAsync(
            "INSERT INTO audit(at, actor, address, action, kind, item_id, before, after) VALUES (@at, @actor, @address, @action, @kind, @id, @before, @after);",
            transaction, cancellationToken,
            ("@at", now.ToString("O", CultureInfo.InvariantCulture)), ("@actor", actor), ("@address", address), ("@action", action), ("@kind", kind), ("@id", itemId),
            ("@before", before), ("@after", after));

    public sealed record Filter(string? Kind, string? ItemId, string? Actor, DateTimeOffset? From, DateTimeOffset? To);

    private const string Where = """
        WHERE (CAST(@kind AS TEXT) IS NULL OR kind = @kind) AND (CAST(@item AS TEXT) IS NULL OR item_id = @item) AND (CAST(@actor AS TEXT) IS NULL OR actor = @actor)
          AND (CAST(@from AS TEXT) IS NULL OR at >= @from) AND (CAST(@to AS TEXT) IS NULL OR at < @to)
          AND (CAST(@q AS TEXT) IS NULL OR lower(actor) LIKE lower(@q) ESCAPE '\' OR lower(item_id) LIKE lower(@q) ESCAPE '\')
        """;

    /// <summary>Newest first, a page at a time (decision 0036); <see cref="ListQuery.Search"/> finds the actor or the item id.</summary>
    public async Task<ListPage<AuditEntry>> QueryAsync(Filter filter, ListQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        (string, object?)[] parameters =
        [
            ("@kind", filter.Kind), ("@item", filter.ItemId), ("@actor", filter.Actor),
            ("@from", filter.From?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)),
            ("@to", filter.To?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)),
            ("@q", query.LikePattern),
        ];
        var total = await connection.ScalarAsync<long>($"SELECT count(*) FROM audit {Where};", null, cancellationToken, parameters);
        var rows = await connection.QueryAsync<EntryRow>(
            $"SELECT id, at, actor, address, action, kind, item_id, seq, before, after FROM audit {Where} ORDER BY id DESC LIMIT @limit OFFSET @offset;",
            null, cancellationToken, [.. parameters, ("@limit", query.Limit), ("@offset", query.Offset)]);
        return ListPage<AuditEntry>.Of(
            [.. rows.Select(r => new AuditEntry(r.Id, r.At, r.Actor, r.Address, r.Action, r.Kind, r.ItemId, r.Seq, Json(r.Before), Json(r.After)))], total, query);
    }

    private sealed class ChangeRow
    {
        public string Op { get; init; } = "";
        public string? Payload { get; init; }
    }

    private sealed class EntryRow
    {
        public long Id { get; init; }
        public DateTimeOffset At { get; init; }
        public string Actor { get; init; } = "";
        public string? Address { get; init; }
        public string Action { get; init; } = "";
        public string Kind { get; init; } = "";
        public string ItemId { get; init; } = "";
        public long? Seq { get; init; }
        public string? Before { get; init; }
        public string? After { get; init; }
    }

    private static JsonElement? Json(string? text) => text is null ? null : JsonDocument.Parse(text).RootElement.Clone();
}
