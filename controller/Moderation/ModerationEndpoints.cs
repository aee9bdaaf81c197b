using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Api.Paging;
using SignageKiosk.Controller.Auth;

namespace SignageKiosk.Controller.Moderation;

/// <summary>/api/submissions: what waits for review, and approving or rejecting it.</summary>
public static class ModerationEndpoints
{
    public sealed record Review(string? Note);

    /// <summary>A discarded draft's answer: its id.</summary>
    public sealed record DraftDiscarded(long Discarded);

    public static void MapModerationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/submissions").RequireAuthorization(AuthPolicies.Staff);
        group.MapGet("/", async (string? status, int? limit, string? cursor, string? q, HttpContext http, SubmissionStore store, CancellationToken ct) =>
        {
            var query = ListQuery.FromApi(limit, cursor, q);
            SubmissionStatus? wanted = null;
            if (status is not null)
            {
                wanted = Enum.TryParse<SubmissionStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed
                    : throw ApiException.BadRequest("status 只能是 pending（待审核）、approved（已通过）、rejected（已退回）、superseded（已被取代）或 draft（草稿） (status must be pending, approved, rejected, superseded or draft)", "status");
            }
            return Results.Ok(await store.ListPageAsync(wanted, query, http.User, ct));
        }).WithName("ListSubmissions").Paged<Submission>("Submissions the caller may see, newest first; `status` filters, `q` searches the title.");
        group.MapGet("/{id:long}", async (long id, HttpContext http, SubmissionStore store, CancellationToken ct) =>
            (await store.ListAsync(null, http.User, ct)).FirstOrDefault(s => s.Id == id) is { } submission
                ? Results.Ok(submission)
                : ApiProblem.Result(StatusCodes.Status404NotFound, $"待审核内容 {id} 不存在 (submissions/{id} does not exist)"))
            .WithName("GetSubmission").Produces<Submission>(StatusCodes.Status200OK).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:long}/approve", async (long id, HttpContext http, SubmissionStore store, CancellationToken ct) =>
            Results.Ok(await store.ApproveAsync(id, http.User, ct)))
            .WithName("ApproveSubmission").Reviewed();
        group.MapPost("/{id:long}/publish", async (long id, HttpContext http, SubmissionStore store, CancellationToken ct) =>
            Results.Ok(await store.PublishDraftAsync(id, http.User, ct)))
            .WithName("PublishDraft").Reviewed();
        group.MapDelete("/{id:long}", async (long id, HttpContext http, SubmissionStore store, CancellationToken ct) =>
        {
            await store.DiscardDraftAsync(id, http.User, ct);
            return Results.Ok(new DraftDiscarded(id));
        })
            .WithName("DiscardDraft").Produces<DraftDiscarded>(StatusCodes.Status200OK).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:long}/reject", async (long id, HttpContext http, SubmissionStore store, CancellationToken ct) =>
        {
            var review = http.Request.ContentLength > 0 ? await RequestBody.ReadAsync<Review>(http, ct) : new Review(null);
            return Results.Ok(await store.RejectAsync(id, http.User, review.Note, ct));
        })
            // The note is optional, and so is the body.
            .WithName("RejectSubmission").JsonBody(typeof(Review), required: false).Reviewed()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
    }

    /// <summary>What a review (or publishing a draft) answers: the submission as it now stands, or why not.</summary>
    private static RouteHandlerBuilder Reviewed(this RouteHandlerBuilder builder) =>
        builder.Produces<Submission>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
