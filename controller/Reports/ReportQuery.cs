using System.Security.Claims;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Places;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Places;
using SignageKiosk.Shared.Reports;

namespace SignageKiosk.Controller.Reports;

/// <summary>
/// Staff read residents' reports about buildings in their area. The call-back number is whole only for administrators
/// and the report's assignee (<see cref="ReportCaller.SeesWholePhone"/>), masked for everyone else, never exported.
/// </summary>
public sealed class ReportQuery(ReportStore store, TimeProvider time)
{
    public sealed record Listed(long Id, string Reference, string State, string StateName, string Source, string KioskId, string Category, string CategoryName,
        string BuildingId, string? BuildingName, string? UnitId, string? UnitName, IReadOnlyList<ReportPhrases.Phrase> Phrases, string? Phone, bool PhoneMasked,
        DateTimeOffset CreatedAt, DateTimeOffset ReceivedAt, DateTimeOffset? DueAt, bool Overdue, DateTimeOffset? UpdatedAt, DateTimeOffset? ResolvedAt,
        long? AssigneeUserId, string? AssigneeName, string? PublicReply, ReportRating? Rating);

    public sealed record ListedPage(IReadOnlyList<Listed> Reports, long Total, long? NextCursor, int PageSize);

    public sealed record EventView(DateTimeOffset At, string Actor, string Kind, string? State, string? StateName, string? Text);

    public sealed record Detail(Listed Report, IReadOnlyList<EventView> Events, bool MayAssign, bool MayHandle, IReadOnlyList<string> NextStates,
        IReadOnlyList<ReportStore.Assignee> Assignees);

    /// <summary>The query string of the queue, as the API and the page take it.</summary>
    public sealed record Query(string? State = null, string? Category = null, string? PlaceId = null, bool? Overdue = null, string? Assignee = null,
        long? Cursor = null, int? PageSize = null);

    public async Task<ListedPage> ListAsync(ClaimsPrincipal user, Query query, CancellationToken cancellationToken)
    {
        var caller = ReportCaller.From(user);
        var filter = await FilterAsync(caller, query, cancellationToken);
        var pageSize = query.PageSize ?? ReportStore.DefaultPageSize;
        if (pageSize is < 1 or > ReportStore.MaxPageSize)
        {
            throw ApiException.BadRequest($"pageSize 须在 1 到 {ReportStore.MaxPageSize} 之间", "pageSize");
        }
        if (query.Cursor is < 1)
        {
            throw ApiException.BadRequest("cursor 不正确", "cursor");
        }
        var page = await store.ListAsync(filter, query.Cursor, pageSize, cancellationToken);
        var now = time.GetUtcNow();
        return new ListedPage([.. page.Rows.Select(r => View(r, caller, now))], page.Total, page.NextCursor, pageSize);
    }

    /// <summary>The filter of a query in the caller's area; bad values are refused in Chinese.</summary>
    public async Task<ReportStore.Filter> FilterAsync(ReportCaller caller, Query query, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(query.State) && !ReportState.IsKnown(query.State))
        {
            throw ApiException.BadRequest($"state 只能是 {string.Join("、", ReportState.All)}", "state");
        }
        ReportCategory? category = null;
        if (!string.IsNullOrEmpty(query.Category))
        {
            category = ReportCategories.TryParse(query.Category, out var parsed) ? parsed
                : throw ApiException.BadRequest($"category 只能是 {string.Join("、", ReportCategories.All.Select(ReportCategories.WireName))}", "category");
        }
        long? assignee = null;
        if (!string.IsNullOrEmpty(query.Assignee))
        {
            assignee = query.Assignee == "me" ? caller.UserId ?? throw ApiException.Forbidden("您的账号不能按处理人筛选")
                : throw ApiException.BadRequest("assignee 只能是 me", "assignee");
        }
        var placeId = query.PlaceId;
        if (string.IsNullOrWhiteSpace(placeId))
        {
            // Staff without a place get their own area; an administrator without one gets every report.
            placeId = caller.Role == StaffRole.Admin ? null : caller.ScopePlaceId ?? throw ApiException.Forbidden("您的账号没有所属区域");
        }
        else
        {
            // The place's own chain only: a city has thousands of places.
            var chain = await store.ChainAsync(placeId, cancellationToken);
            if (chain.Count == 0)
            {
                throw ApiException.NotFound($"places/{placeId} 不存在");
            }
            if (!caller.MayRead(chain))
            {
                throw ApiException.Forbidden($"places/{placeId} 不在您的管辖范围内");
            }
        }
        return new ReportStore.Filter(placeId, string.IsNullOrEmpty(query.State) ? null : query.State, category, query.Overdue == true, assignee);
    }

    /// <summary>One report in the caller's area with its history; 404 when unknown or outside the area.</summary>
    public async Task<Detail> GetAsync(ClaimsPrincipal user, string reference, CancellationToken cancellationToken)
    {
        var caller = ReportCaller.From(user);
        if (!ReportReference.IsWellFormed(reference) || await store.GetAsync(reference, cancellationToken) is not var (row, events)
            || !caller.MayRead(await store.ChainAsync(row.BuildingId, cancellationToken)))
        {
            throw ReportStore.NotFound(reference);
        }
        var mayHandle = caller.MayHandle(row.AssigneeUserId);
        return new Detail(View(row, caller, time.GetUtcNow()),
            [.. events.Select(e => new EventView(e.At, e.Actor, e.Kind, e.State, e.State is null ? null : ReportState.Label(e.State), e.Text))],
            caller.MayAssign && ReportState.IsOpen(row.State), mayHandle,
            mayHandle ? ReportWorkflow.Next(row.State) : [],
            caller.MayAssign && ReportState.IsOpen(row.State) ? await store.EligibleAssigneesAsync(row.BuildingId, cancellationToken) : []);
    }

    public static Listed View(ReportStore.Row r, ReportCaller caller, DateTimeOffset now)
    {
        var whole = caller.SeesWholePhone(r.AssigneeUserId);
        return new Listed(r.Id, r.Reference, r.State, ReportState.Label(r.State), r.Source, r.KioskId, ReportCategories.WireName(r.Category),
            ReportCategories.Label(r.Category), r.BuildingId, r.BuildingName, r.UnitId, r.UnitName,
            [.. r.Phrases.Select(id => new ReportPhrases.Phrase(id, ReportPhrases.Text(r.Category, id) ?? id))],
            r.Phone is null ? null : whole ? r.Phone : PhoneMask.Mask(r.Phone), r.Phone is not null && !whole,
            r.CreatedAt, r.ReceivedAt, r.DueAt, ReportWorkflow.IsOverdue(r.State, r.DueAt, now), r.UpdatedAt, r.ResolvedAt,
            r.AssigneeUserId, r.AssigneeName, r.PublicReply, r.Rating);
    }
}
