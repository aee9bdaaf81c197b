using System.Globalization;
using System.Text.Json.Nodes;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Api.Paging;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Moderation;
using SignageKiosk.Shared.Content;

namespace SignageKiosk.Controller.Content;

/// <summary>
/// CRUD for every content kind: /api/people, /api/roster, /api/activities, /api/hotlines,
/// /api/duty-shifts, /api/notices, /api/supplies. Writes answer only after the change is committed.
/// </summary>
public static class ContentEndpoints
{
    /// <summary>A write's answer: the item as stored and the change's sequence number.</summary>
    public sealed record Published(object Item, long Seq);

    /// <summary>
    /// <see cref="Published"/> as the OpenAPI document describes it, naming the item's type (PublishedOfNotice…), so a
    /// generated client knows what comes back (places, stations and kiosks too). For the document only: the wire shape is the same.
    /// </summary>
    public sealed record Published<T>(T Item, long Seq) where T : class;

    /// <summary>A delete's answer: the change's sequence number.</summary>
    public sealed record Deleted(long Seq);

    public static void MapContentEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization(AuthPolicies.Staff).ProducesProblem(StatusCodes.Status401Unauthorized);
        foreach (var (kind, type) in ContentKind.Items)
        {
            var group = api.MapGroup("/" + kind).WithTags(kind);
            // Operation ids for generated clients: stable, one per route (CreateNotice, ListNotices…).
            var one = type.Name;
            var many = OperationName(kind);
            var published = typeof(Published<>).MakeGenericType(type);
            group.MapGet("/", async (string? limit, string? cursor, string? q, string? placeId, string? from, string? to, HttpContext http, ContentStore store,
                CancellationToken cancellationToken) =>
            {
                // limit is read as text so that "abc" gets the same Chinese 400 as 0 or 500, not the framework's bare one.
                var query = ListQuery.FromApi(limit is null ? null : int.TryParse(limit, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0, cursor, q);
                var filter = ContentListFilter.Parse(placeId, from, to);
                var page = await store.PageAsync(kind, http.User, query, filter, cancellationToken);
                return Results.Ok(page.Map(s => (object)s.Item));
            })
            .Paged(type, $"List {kind} in your area")
            .WithName("List" + many)
            .WithDescription($"Paged, in id order: `limit` (1-{ListQuery.MaxLimit}, default {ListQuery.DefaultLimit}), `cursor` (the previous page's `nextCursor`). "
                + "Answers `{ items, total, nextCursor, limit }`; `nextCursor` is null on the last page. "
                + "`q` searches the id and the item's text (titles, names, numbers…). `placeId` keeps items aimed at that place or anywhere under it "
                + "(it must be in your area). `from`/`to` (yyyy-MM-dd, local dates, inclusive) keep "
                + ContentListSql.DateRangeMeaning(kind) + ". Bad values answer 400.");

            group.MapGet("/{id}", async (string id, HttpContext http, ContentStore store, CancellationToken cancellationToken) =>
                await store.GetAsync(kind, id, http.User, cancellationToken) is { } stored
                    ? Results.Ok((object)stored.Item)
                    : ApiProblem.Result(StatusCodes.Status404NotFound, $"{ContentKind.Chinese(kind)} {id} 不存在 ({kind}/{id} does not exist)"))
            .WithName("Get" + one)
            .Produces(StatusCodes.Status200OK, type)
            .ProducesProblem(StatusCodes.Status404NotFound);

            group.MapPost("/", async (HttpContext http, ContentStore store, SubmissionStore submissions, CancellationToken cancellationToken) =>
            {
                var body = await RequestBody.ReadObjectAsync(http, cancellationToken);
                if (body["id"] is null)
                {
                    body["id"] = NewId(kind);
                }
                var item = (ContentItem)RequestBody.Convert(body, type);
                if (IsDraft(http))
                {
                    return Results.Accepted($"/api/submissions", await submissions.SaveDraftAsync(kind, item, WriteMode.Create, http.User, cancellationToken));
                }
                if (ModerationRules.NeedsReview(http.User.StaffRole()!.Value, kind))
                {
                    return Results.Accepted($"/api/submissions", await submissions.SubmitAsync(kind, item, WriteMode.Create, http.User, cancellationToken));
                }
                var seq = await store.UpsertAsync(kind, item, WriteMode.Create, http.User, cancellationToken);
                return Results.Created($"/api/{kind}/{item.Id}", new Published(item, seq));
            })
            .WithName("Create" + one)
            .WithSummary($"Publish a new item to {kind}")
            .Writes(type, published, StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status409Conflict);

            group.MapPut("/{id}", async (string id, HttpContext http, ContentStore store, SubmissionStore submissions, CancellationToken cancellationToken) =>
            {
                var body = await RequestBody.ReadObjectAsync(http, cancellationToken);
                body["id"] = CheckId(body, id);
                var item = (ContentItem)RequestBody.Convert(body, type);
                if (IsDraft(http))
                {
                    return Results.Accepted($"/api/submissions", await submissions.SaveDraftAsync(kind, item, WriteMode.Replace, http.User, cancellationToken));
                }
                if (ModerationRules.NeedsReview(http.User.StaffRole()!.Value, kind))
                {
                    // The published version stays on the boards until the edit is approved.
                    return Results.Accepted($"/api/submissions", await submissions.SubmitAsync(kind, item, WriteMode.Replace, http.User, cancellationToken));
                }
                var seq = await store.UpsertAsync(kind, item, WriteMode.Replace, http.User, cancellationToken);
                return Results.Ok(new Published(item, seq));
            })
            .WithName("Update" + one)
            .WithSummary($"Replace an item of {kind}")
            .Writes(type, published, StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status404NotFound);

            group.MapDelete("/{id}", async (string id, HttpContext http, ContentStore store, SubmissionStore submissions, CancellationToken cancellationToken) =>
            {
                await submissions.EnsureMayDeleteAsync(kind, id, http.User, cancellationToken);
                return Results.Ok(new Deleted(await store.DeleteAsync(kind, id, http.User, cancellationToken)));
            })
            .WithName("Delete" + one)
            .Produces<Deleted>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        }
    }

    /// <summary>
    /// What a create or replace declares: the item's JSON in, the published item out (or 202 and the submission when it
    /// waits for review or is a draft), and the refusals every write can meet.
    /// </summary>
    private static RouteHandlerBuilder Writes(this RouteHandlerBuilder builder, Type item, Type published, int status) =>
        builder.JsonBody(item)
            .Produces(status, published)
            .Produces<Submission>(StatusCodes.Status202Accepted)
            .WithDescription("The item as JSON (camelCase; unknown fields are refused). `id` may be left out on create (the controller makes one) "
                + "and on replace (the URL's id). Answers the stored item and the change's `seq`; 202 and the submission when the change waits "
                + "for review or `?draft=true` keeps it as a draft. Refusals are problem details: the reason in `detail`, the field in `field`.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    /// <summary>"duty-shifts" → "DutyShifts".</summary>
    private static string OperationName(string kind) =>
        string.Concat(kind.Split('-').Select(word => char.ToUpperInvariant(word[0]) + word[1..]));

    /// <summary>The id in the URL wins; an id in the body must agree with it.</summary>
    public static string CheckId(JsonObject body, string id)
    {
        if (body["id"] is JsonValue value && value.TryGetValue<string>(out var bodyId) && bodyId != id)
        {
            throw ApiException.BadRequest($"请求内容里的编号“{bodyId}”与网址中的“{id}”不一致 (the body's id '{bodyId}' does not match the URL's '{id}')", "id");
        }
        return id;
    }

    /// <summary>?draft=true keeps the change as the author's draft instead of publishing it.</summary>
    private static bool IsDraft(HttpContext http) => http.Request.Query["draft"] is { Count: > 0 } value && value[0] is "true" or "1";

    private static string NewId(string kind) => kind.TrimEnd('s') + "-" + Guid.NewGuid().ToString("N")[..12];
}
