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
    public sealed record Published(object Item, long Seq);

    public static void MapContentEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization(AuthPolicies.Staff);
        foreach (var (kind, type) in ContentKind.Items)
        {
            var group = api.MapGroup("/" + kind).WithTags(kind);
            group.MapGet("/", async (string? limit, string? cursor, string? q, string? placeId, string? from, string? to, HttpContext http, ContentStore store,
                CancellationToken cancellationToken) =>
            {
                // limit is read as text so that "abc" gets the same Chinese 400 as 0 or 500, not the framework's bare one.
                var query = ListQuery.FromApi(limit is null ? null : int.TryParse(limit, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0, cursor, q);
                var filter = ContentListFilter.Parse(placeId, from, to);
                var page = await store.PageAsync(kind, http.User, query, filter, cancellationToken);
                return Results.Ok(page.Map(s => (object)s.Item));
            })
            .Paged<object>($"List {kind} in your area")
            .WithDescription($"Paged, in id order: `limit` (1-{ListQuery.MaxLimit}, default {ListQuery.DefaultLimit}), `cursor` (the previous page's `nextCursor`). "
                + "Answers `{ items, total, nextCursor, limit }`; `nextCursor` is null on the last page. "
                + "`q` searches the id and the item's text (titles, names, numbers…). `placeId` keeps items aimed at that place or anywhere under it "
                + "(it must be in your area). `from`/`to` (yyyy-MM-dd, local dates, inclusive) keep "
                + ContentListSql.DateRangeMeaning(kind) + ". Bad values answer 400.");

            group.MapGet("/{id}", async (string id, HttpContext http, ContentStore store, CancellationToken cancellationToken) =>
                await store.GetAsync(kind, id, http.User, cancellationToken) is { } stored
                    ? Results.Ok((object)stored.Item)
                    : ApiProblem.Result(StatusCodes.Status404NotFound, $"{kind}/{id} does not exist"));

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
            });

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
            });

            group.MapDelete("/{id}", async (string id, HttpContext http, ContentStore store, SubmissionStore submissions, CancellationToken cancellationToken) =>
            {
                await submissions.EnsureMayDeleteAsync(kind, id, http.User, cancellationToken);
                return Results.Ok(new { seq = await store.DeleteAsync(kind, id, http.User, cancellationToken) });
            });
        }
    }

    /// <summary>The id in the URL wins; an id in the body must agree with it.</summary>
    public static string CheckId(JsonObject body, string id)
    {
        if (body["id"] is JsonValue value && value.TryGetValue<string>(out var bodyId) && bodyId != id)
        {
            throw ApiException.BadRequest($"the body's id '{bodyId}' does not match the URL's '{id}'", "id");
        }
        return id;
    }

    /// <summary>?draft=true keeps the change as the author's draft instead of publishing it.</summary>
    private static bool IsDraft(HttpContext http) => http.Request.Query["draft"] is { Count: > 0 } value && value[0] is "true" or "1";

    private static string NewId(string kind) => kind.TrimEnd('s') + "-" + Guid.NewGuid().ToString("N")[..12];
}
