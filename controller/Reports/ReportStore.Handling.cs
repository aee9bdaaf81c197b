using System.Data.Common;
using System.Text.Json;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Places;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Shared.Places;
using SignageKiosk.Shared.Reports;

namespace SignageKiosk.Controller.Reports;

/// <summary>
/// The staff's handling of reports: the queue (paged, filtered, in the caller's area), one report with its history,
/// and the moves (assign, state, note, spam), each in one transaction with its report_events row. A refused move
/// throws an <see cref="ApiException"/> and leaves everything as it was.
/// </summary>
public sealed partial class ReportStore
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public sealed record Row(long Id, string Reference, string State, string Source, string KioskId, ReportCategory Category, string BuildingId,
        string? BuildingName, string? UnitId, string? UnitName, IReadOnlyList<string> Phrases, string? Phone, DateTimeOffset CreatedAt,
        DateTimeOffset ReceivedAt, DateTimeOffset? DueAt, DateTimeOffset? UpdatedAt, DateTimeOffset? ResolvedAt, long? AssigneeUserId,
        string? AssigneeName, string? PublicReply, ReportRating? Rating, DateTimeOffset? RatedAt);

    public sealed record Event(DateTimeOffset At, string Actor, string Kind, string? State, string? Text);

    public sealed record Assignee(long Id, string Username, StaffRole Role);

    /// <summary>What the queue shows: all filters optional; <see cref="ScopePlaceId"/> null means every report.</summary>
    public sealed record Filter(string? ScopePlaceId, string? State = null, ReportCategory? Category = null, bool Overdue = false, long? AssigneeUserId = null);

    public sealed record Page(IReadOnlyList<Row> Rows, long Total, long? NextCursor);

    public static class EventKinds
    {
        public const string Assigned = "assigned";
        public const string State = "state";
        public const string Note = "note";
    }

    private const string RowSelect =
        """
        SELECT r.id, r.reference, r.state, r.source, r.kiosk_id, r.category, r.building_id, json_extract(b.payload, '$.name') AS building_name,
               r.unit_id, json_extract(u.payload, '$.name') AS unit_name, r.phrases, r.phone, r.created_at, r.received_at, r.due_at,
               r.updated_at, r.resolved_at, r.assignee_user_id, us.username AS assignee_name, r.public_reply, r.rating, r.rated_at
        FROM reports r LEFT JOIN places b ON b.id = r.building_id LEFT JOIN places u ON u.id = r.unit_id LEFT JOIN users us ON us.id = r.assignee_user_id
        """;

    /// <summary>
    /// One page of the queue, newest first: rows with an id below <paramref name="cursor"/> (the previous page's
    /// NextCursor), the total matching the filter, and the cursor of the next page (null on the last).
    /// </summary>
    public async Task<Page> ListAsync(Filter filter, long? cursor, int pageSize, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var (where, parameters) = Where(filter, time.GetUtcNow());
        var cte = filter.ScopePlaceId is not null ? "WITH RECURSIVE " + PlaceArea.Cte + " " : "";
        var total = await connection.ScalarAsync<long>(cte + "SELECT count(*) FROM reports r" + Clause(where) + ";", null, cancellationToken, [.. parameters]);
        if (cursor is not null)
        {
            where.Add("r.id < @cursor");
            parameters.Add(("@cursor", cursor));
        }
        parameters.Add(("@take", pageSize + 1));
        var rows = await ReadRowsAsync(connection, null, cte + RowSelect + Clause(where) + " ORDER BY r.id DESC LIMIT @take;", parameters, cancellationToken);
        long? next = null;
        if (rows.Count > pageSize)
        {
            rows.RemoveAt(rows.Count - 1);
            next = rows[^1].Id;
        }
        return new Page(rows, total, next);
    }

    /// <summary>Every report matching the filter, newest first (the export; bounded by the caller).</summary>
    public async Task<List<Row>> ListAllAsync(Filter filter, int max, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var (where, parameters) = Where(filter, time.GetUtcNow());
        parameters.Add(("@take", max));
        var cte = filter.ScopePlaceId is not null ? "WITH RECURSIVE " + PlaceArea.Cte + " " : "";
        return await ReadRowsAsync(connection, null, cte + RowSelect + Clause(where) + " ORDER BY r.id DESC LIMIT @take;", parameters, cancellationToken);
    }

    private static (List<string> Where, List<(string, object?)> Parameters) Where(Filter filter, DateTimeOffset now)
    {
        var where = new List<string>();
        var parameters = new List<(string, object?)>();
        if (filter.ScopePlaceId is not null)
        {
            where.Add("r.building_id IN (SELECT id FROM area)");
            parameters.Add(("@scope", filter.ScopePlaceId));
        }
        if (filter.State is not null)
        {
            where.Add("r.state = @state");
            parameters.Add(("@state", filter.State));
        }
        if (filter.Category is { } category)
        {
            where.Add("r.category = @category");
            parameters.Add(("@category", ReportCategories.WireName(category)));
        }
        if (filter.Overdue)
        {
            // Instants are stored in one UTC "O" form, so text order is time order.
            where.Add($"r.state IN ('{ReportState.Received}', '{ReportState.Assigned}', '{ReportState.InProgress}') AND r.due_at IS NOT NULL AND r.due_at < @now");
            parameters.Add(("@now", Instant(now)));
        }
        if (filter.AssigneeUserId is { } assignee)
        {
            where.Add("r.assignee_user_id = @assignee");
            parameters.Add(("@assignee", assignee));
        }
        return (where, parameters);
    }

    private static string Clause(List<string> where) => where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "";

    /// <summary>One report with its history (oldest first), or null.</summary>
    public async Task<(Row Row, List<Event> Events)?> GetAsync(string reference, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        if (await ReadRowAsync(connection, null, reference, cancellationToken) is not { } row)
        {
            return null;
        }
        var events = new List<Event>();
        await using var command = connection.Command("SELECT at, actor, kind, state, text FROM report_events WHERE report_id = @id ORDER BY id;", null, ("@id", row.Id));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new Event(Parse(reader.GetString(reader.GetOrdinal("at"))), reader.GetString(reader.GetOrdinal("actor")), reader.GetString(reader.GetOrdinal("kind")),
                reader.GetStringOrNull(reader.GetOrdinal("state")), reader.GetStringOrNull(reader.GetOrdinal("text"))));
        }
        return (row, events);
    }

    /// <summary>The place chain of a building, innermost first (for scope checks).</summary>
    public async Task<IReadOnlyList<string>> ChainAsync(string buildingId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await KioskDirectory.AncestryAsync(connection, null, buildingId, cancellationToken);
    }

    /// <summary>Enabled staff accounts whose area covers the building (administrators cover every building).</summary>
    public async Task<List<Assignee>> EligibleAssigneesAsync(string buildingId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await EligibleAsync(connection, null, await KioskDirectory.AncestryAsync(connection, null, buildingId, cancellationToken), null, cancellationToken);
    }

    private static async Task<List<Assignee>> EligibleAsync(DbConnection connection, DbTransaction? transaction, IReadOnlyList<string> chain, long? onlyId, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(
            "SELECT id, username, role, scope_place_id FROM users WHERE disabled = 0" + (onlyId is null ? "" : " AND id = @id") + " ORDER BY username;",
            transaction, ("@id", onlyId));
        var result = new List<Assignee>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (Enum.TryParse<StaffRole>(reader.GetString(reader.GetOrdinal("role")), out var role)
                && StaffPermissions.InScope(role, reader.GetStringOrNull(reader.GetOrdinal("scope_place_id")), chain))
            {
                result.Add(new Assignee(reader.GetInt64(reader.GetOrdinal("id")), reader.GetString(reader.GetOrdinal("username")), role));
            }
        }
        return result;
    }

    /// <summary>Assigns the report to <paramref name="userId"/> (a new report becomes assigned). Returns its building.</summary>
    public Task<string> AssignAsync(string reference, long userId, ReportCaller caller, CancellationToken cancellationToken) =>
        HandleAsync(reference, caller, async (connection, transaction, row, chain, now) =>
        {
            if (!caller.MayAssign)
            {
                throw ApiException.Forbidden("只有管理员和社区工作人员可以派单");
            }
            if (ReportWorkflow.AssignProblem(row.State) is { } problem)
            {
                throw ApiException.Conflict(problem);
            }
            var user = (await EligibleAsync(connection, transaction, chain, userId, cancellationToken)).FirstOrDefault()
                ?? throw ApiException.BadRequest("这位工作人员不存在、已停用，或其管辖范围不包括这个楼栋", "userId");
            var state = ReportWorkflow.AfterAssign(row.State);
            await connection.ExecAsync("UPDATE reports SET assignee_user_id = @user, state = @state, updated_at = @now WHERE id = @id;", transaction, cancellationToken,
                ("@user", user.Id), ("@state", state), ("@now", Instant(now)), ("@id", row.Id));
            await AddEventAsync(connection, transaction, row.Id, now, caller.Name, EventKinds.Assigned, state, user.Username, cancellationToken);
        }, cancellationToken);

    /// <summary>
    /// Moves the report to <paramref name="to"/> (see <see cref="ReportWorkflow"/>); <paramref name="publicReply"/> is the reply
    /// (resolved) or the reason (declined) residents read; <paramref name="note"/> an optional staff-only note. Returns its building.
    /// </summary>
    public Task<string> MoveAsync(string reference, string? to, string? publicReply, string? note, ReportCaller caller, CancellationToken cancellationToken)
    {
        var (reply, replyProblem) = ReportWorkflow.CleanText(publicReply, ReportWorkflow.MaxReplyLength, to == ReportState.Declined ? "原因" : "答复");
        var (cleanNote, noteProblem) = ReportWorkflow.CleanText(note, ReportWorkflow.MaxNoteLength, "备注");
        if (!ReportState.IsKnown(to))
        {
            throw ApiException.BadRequest($"state 只能是 {string.Join("、", ReportState.All)}", "state");
        }
        if (replyProblem is not null || noteProblem is not null)
        {
            throw ApiException.BadRequest(replyProblem ?? noteProblem!, replyProblem is not null ? "publicReply" : "note");
        }
        return HandleAsync(reference, caller, async (connection, transaction, row, _, now) =>
        {
            if (!caller.MayHandle(row.AssigneeUserId))
            {
                throw ApiException.Forbidden("只有这条反映的处理人、管理员和社区工作人员可以更改状态");
            }
            if (ReportWorkflow.MoveProblem(row.State, to, reply) is { } problem)
            {
                throw ReportWorkflow.Next(row.State).Contains(to!) ? ApiException.BadRequest(problem, "publicReply") : ApiException.Conflict(problem);
            }
            var keepsReply = to is ReportState.Resolved or ReportState.Declined;
            await connection.ExecAsync(
                """
                UPDATE reports SET state = @state, updated_at = @now,
                    public_reply = CASE WHEN @keeps = 1 THEN @reply ELSE public_reply END,
                    resolved_at = CASE WHEN @state = 'resolved' THEN @now ELSE resolved_at END
                WHERE id = @id;
                """, transaction, cancellationToken,
                ("@state", to), ("@now", Instant(now)), ("@keeps", keepsReply ? 1 : 0), ("@reply", reply), ("@id", row.Id));
            await AddEventAsync(connection, transaction, row.Id, now, caller.Name, EventKinds.State, to, keepsReply ? reply : null, cancellationToken);
            if (cleanNote is not null)
            {
                await AddEventAsync(connection, transaction, row.Id, now, caller.Name, EventKinds.Note, null, cleanNote, cancellationToken);
            }
        }, cancellationToken);
    }

    public Task<string> MarkSpamAsync(string reference, ReportCaller caller, CancellationToken cancellationToken) =>
        MoveAsync(reference, ReportState.Spam, null, null, caller, cancellationToken);

    /// <summary>A staff-only note (never shown to residents); any state. Returns the report's building.</summary>
    public Task<string> AddNoteAsync(string reference, string? text, ReportCaller caller, CancellationToken cancellationToken)
    {
        var (note, problem) = ReportWorkflow.CleanText(text, ReportWorkflow.MaxNoteLength, "备注");
        if (problem is not null || note is null)
        {
            throw ApiException.BadRequest(problem ?? "请填写备注内容", "text");
        }
        return HandleAsync(reference, caller, async (connection, transaction, row, _, now) =>
        {
            if (!caller.MayHandle(row.AssigneeUserId))
            {
                throw ApiException.Forbidden("只有这条反映的处理人、管理员和社区工作人员可以添加备注");
            }
            await connection.ExecAsync("UPDATE reports SET updated_at = @now WHERE id = @id;", transaction, cancellationToken, ("@now", Instant(now)), ("@id", row.Id));
            await AddEventAsync(connection, transaction, row.Id, now, caller.Name, EventKinds.Note, null, note, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>
    /// One move in one immediate transaction: the report is read, must be in the caller's area (else 404, as for an
    /// unknown reference), then <paramref name="work"/> checks and writes; a throw rolls everything back.
    /// </summary>
    private async Task<string> HandleAsync(string reference, ReportCaller caller,
        Func<DbConnection, DbTransaction, Row, IReadOnlyList<string>, DateTimeOffset, Task> work, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        var row = await ReadRowAsync(connection, transaction, reference, cancellationToken) ?? throw NotFound(reference);
        var chain = await KioskDirectory.AncestryAsync(connection, transaction, row.BuildingId, cancellationToken);
        if (!caller.MayRead(chain))
        {
            throw NotFound(reference);
        }
        await work(connection, transaction, row, chain, time.GetUtcNow());
        await transaction.CommitAsync(cancellationToken);
        return row.BuildingId;
    }

    public static ApiException NotFound(string reference) => ApiException.NotFound($"反映 {reference} 不存在");

    private static Task AddEventAsync(DbConnection connection, DbTransaction transaction, long reportId, DateTimeOffset at, string actor, string kind,
        string? state, string? text, CancellationToken cancellationToken) =>
        connection.ExecAsync("INSERT INTO report_events(report_id, at, actor, kind, state, text) VALUES (@report, @at, @actor, @kind, @state, @text);",
            transaction, cancellationToken, ("@report", reportId), ("@at", Instant(at)), ("@actor", actor), ("@kind", kind), ("@state", state), ("@text", text));

    private static async Task<Row?> ReadRowAsync(DbConnection connection, DbTransaction? transaction, string reference, CancellationToken cancellationToken) =>
        (await ReadRowsAsync(connection, transaction, RowSelect + " WHERE r.reference = @reference;", [("@reference", reference)], cancellationToken)).FirstOrDefault();

    private static async Task<List<Row>> ReadRowsAsync(DbConnection connection, DbTransaction? transaction, string sql, List<(string, object?)> parameters,
        CancellationToken cancellationToken)
    {
        await using var command = connection.Command(sql, transaction, [.. parameters]);
        var rows = new List<Row>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            string? Text(string column) => reader.GetStringOrNull(reader.GetOrdinal(column));
            DateTimeOffset? At(string column) => Text(column) is { } value ? Parse(value) : null;
            ReportCategories.TryParse(reader.GetString(reader.GetOrdinal("category")), out var category);
            var assignee = reader.GetOrdinal("assignee_user_id");
            rows.Add(new Row(
                reader.GetInt64(reader.GetOrdinal("id")),
                Text("reference")!,
                Text("state")!,
                Text("source")!,
                Text("kiosk_id")!,
                category,
                Text("building_id")!,
                Text("building_name"),
                Text("unit_id"),
                Text("unit_name"),
                JsonSerializer.Deserialize<List<string>>(Text("phrases")!) ?? [],
                Text("phone"),
                At("created_at")!.Value,
                At("received_at")!.Value,
                At("due_at"),
                At("updated_at"),
                At("resolved_at"),
                reader.IsDBNull(assignee) ? null : reader.GetInt64(assignee),
                Text("assignee_name"),
                Text("public_reply"),
                ReportRatings.Parse(Text("rating")),
                At("rated_at")));
        }
        return rows;
    }

    /// <summary>What a compound's monthly figures need of its reports touched since <paramref name="since"/> (received, resolved or rated).</summary>
    public async Task<List<ReportFiguresCalculator.Fact>> FactsAsync(string compoundId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var command = connection.Command("WITH RECURSIVE " + PlaceArea.Cte +
            """
             SELECT r.state, r.category, r.received_at, r.due_at, r.resolved_at, r.rating, r.rated_at FROM reports r
            WHERE r.building_id IN (SELECT id FROM area) AND (r.received_at >= @since OR r.resolved_at >= @since OR r.rated_at >= @since);
            """, null, ("@scope", compoundId), ("@since", Instant(since)));
        var facts = new List<ReportFiguresCalculator.Fact>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            string? Text(string column) => reader.GetStringOrNull(reader.GetOrdinal(column));
            ReportCategories.TryParse(Text("category"), out var category);
            var received = Parse(Text("received_at")!);
            facts.Add(new ReportFiguresCalculator.Fact(Text("state")!, received,
                Text("due_at") is { } due ? Parse(due) : ReportTimeLimits.DueAt(category, received, options.Value.TimeLimits),
                Text("resolved_at") is { } resolved ? Parse(resolved) : null, ReportRatings.Parse(Text("rating")), Text("rated_at") is { } rated ? Parse(rated) : null));
        }
        return facts;
    }

    /// <summary>Every building some report is about (the month's turn refreshes their compounds).</summary>
    public async Task<List<string>> ReportedBuildingsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.QueryAsync<string>("SELECT DISTINCT building_id FROM reports;", null, cancellationToken);
    }
}
