using System.Data.Common;
using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Api.Paging;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Content;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Shared.Content;

namespace SignageKiosk.Controller.Moderation;

/// <summary>Proposed changes waiting for review. Nothing here reaches a board until it is approved.</summary>
public sealed class SubmissionStore(ControllerDb db, ContentStore content, TimeProvider time, ILogger<SubmissionStore> logger)
{
    /// <summary>Checks the change exactly as a direct write would be checked, then parks it for review.</summary>
    public Task<Submission> SubmitAsync(string kind, ContentItem item, WriteMode mode, ClaimsPrincipal author, CancellationToken cancellationToken) =>
        StoreAsync(kind, item, mode, author, SubmissionStatus.Pending, cancellationToken);

    /// <summary>Keeps a change as the author's draft: checked like a write, shown to nobody else, on no board.</summary>
    public Task<Submission> SaveDraftAsync(string kind, ContentItem item, WriteMode mode, ClaimsPrincipal author, CancellationToken cancellationToken) =>
        StoreAsync(kind, item, mode, author, SubmissionStatus.Draft, cancellationToken);

    /// <summary>
    /// The author publishes their draft: directly for those who publish directly, into review for a station
    /// master's notice.
    /// </summary>
    public async Task<Submission> PublishDraftAsync(long id, ClaimsPrincipal author, CancellationToken cancellationToken)
    {
        var draft = await OwnDraftAsync(id, author, cancellationToken);
        var item = ContentJson.DeserializeItem(draft.Kind, draft.Item.GetRawText());
        var role = author.StaffRole() ?? throw ApiException.Forbidden("只有工作人员可以发布 (only staff may publish)");
        if (ModerationRules.NeedsReview(role, draft.Kind))
        {
            await MarkAsync(id, SubmissionStatus.Superseded, author, null, null, cancellationToken, from: SubmissionStatus.Draft);
            return await SubmitAsync(draft.Kind, item, WriteMode.Upsert, author, cancellationToken);
        }
        var seq = await content.UpsertAsync(draft.Kind, item, WriteMode.Upsert, author, cancellationToken);
        await MarkAsync(id, SubmissionStatus.Approved, author, null, seq, cancellationToken, from: SubmissionStatus.Draft);
        return (await GetAsync(id, cancellationToken))!;
    }

    public async Task DiscardDraftAsync(long id, ClaimsPrincipal author, CancellationToken cancellationToken)
    {
        await OwnDraftAsync(id, author, cancellationToken);
        await MarkAsync(id, SubmissionStatus.Superseded, author, null, null, cancellationToken, from: SubmissionStatus.Draft);
    }

    private async Task<Submission> OwnDraftAsync(long id, ClaimsPrincipal author, CancellationToken cancellationToken)
    {
        var draft = await GetAsync(id, cancellationToken);
        if (draft is null || draft.Status != SubmissionStatus.Draft || draft.Author != author.Actor())
        {
            // Someone else's draft does not exist, as far as the caller is concerned.
            throw ApiException.NotFound($"草稿 {id} 不存在 (draft {id} does not exist)");
        }
        return draft;
    }

    private async Task<Submission> StoreAsync(string kind, ContentItem item, WriteMode mode, ClaimsPrincipal author, SubmissionStatus status, CancellationToken cancellationToken)
    {
        await content.ValidateAsync(kind, item, mode, author, cancellationToken);
        var now = time.GetUtcNow();
        var payload = ContentJson.Serialize((object)item);
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        // An unreviewed earlier proposal (or the author's earlier draft) for the same item is replaced, so there
        // is only ever the latest.
        await connection.ExecAsync(
            "UPDATE submissions SET status = 'Superseded' WHERE kind = @kind AND item_id = @id AND (status = @status AND (@status = 'Pending' OR author = @author));",
            transaction, cancellationToken, ("@kind", kind), ("@id", item.Id), ("@status", status.ToString()), ("@author", author.Actor()));
        var id = await connection.ScalarAsync<long>(
            """
            INSERT INTO submissions(kind, item_id, payload, target_place_id, target_kiosk_id, author, submitted_at, status)
            VALUES (@kind, @id, @payload, @place, @kiosk, @author, @now, @status) RETURNING id;
            """,
            transaction, cancellationToken,
            ("@kind", kind), ("@id", item.Id), ("@payload", payload), ("@place", item.Target.PlaceId), ("@kiosk", item.Target.KioskId),
            ("@author", author.Actor()), ("@now", now.ToString("O", CultureInfo.InvariantCulture)), ("@status", status.ToString()));
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("{Author} saved {Kind}/{ItemId} as #{Submission} ({Status})", author.Actor(), kind, item.Id, id, status);
        return (await GetAsync(id, cancellationToken))!;
    }

    public async Task<Submission> ApproveAsync(long id, ClaimsPrincipal reviewer, CancellationToken cancellationToken)
    {
        var submission = await PendingAsync(id, reviewer, cancellationToken);
        var item = ContentJson.DeserializeItem(submission.Kind, submission.Item.GetRawText());
        // Published with the reviewer's rights: approving is the reviewer's act, and their scope must cover it.
        var seq = await content.UpsertAsync(submission.Kind, item, WriteMode.Upsert, reviewer, cancellationToken);
        await MarkAsync(id, SubmissionStatus.Approved, reviewer, null, seq, cancellationToken);
        return (await GetAsync(id, cancellationToken))!;
    }

    public async Task<Submission> RejectAsync(long id, ClaimsPrincipal reviewer, string? note, CancellationToken cancellationToken)
    {
        var submission = await PendingAsync(id, reviewer, cancellationToken);
        await content.ValidateAsync(submission.Kind, ContentJson.DeserializeItem(submission.Kind, submission.Item.GetRawText()), WriteMode.Upsert, reviewer, cancellationToken);
        await MarkAsync(id, SubmissionStatus.Rejected, reviewer, note is { Length: > 500 } ? note[..500] : note, null, cancellationToken);
        return (await GetAsync(id, cancellationToken))!;
    }

    /// <summary>
    /// Whether a reviewed caller may take an item down directly: only what they themselves had published.
    /// A station master must not remove, say, the community's urgent water-outage notice.
    /// </summary>
    public async Task EnsureMayDeleteAsync(string kind, string itemId, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        if (caller.StaffRole() is not { } role || !ModerationRules.NeedsReview(role, kind))
        {
            return;
        }
        var own = await QueryAsync("WHERE kind = @kind AND item_id = @id AND author = @author AND status = 'Approved'",
            [("@kind", kind), ("@id", itemId), ("@author", caller.Actor())], cancellationToken);
        if (own.Count == 0)
        {
            throw ApiException.Forbidden($"{kind}/{itemId} 不是您发布的，请联系社区工作人员撤下 ({kind}/{itemId} was not published by you; ask community staff to take it down)");
        }
    }

    public async Task<Submission?> GetAsync(long id, CancellationToken cancellationToken) =>
        (await QueryAsync("WHERE id = @id", [("@id", id)], cancellationToken)).FirstOrDefault();

    /// <summary>Submissions in a status, newest first; a station master sees their own, reviewers see their area's.</summary>
    public Task<List<Submission>> ListAsync(SubmissionStatus? status, ClaimsPrincipal caller, CancellationToken cancellationToken) =>
        ListAsync(status, null, caller, cancellationToken);

    /// <summary>
    /// One page of what the caller may see (decision 0036), newest first, optionally by title. The reviewer's area is
    /// checked per submission as before, over at most the newest 500 that match the status and title.
    /// </summary>
    public async Task<ListPage<Submission>> ListPageAsync(SubmissionStatus? status, ListQuery query, ClaimsPrincipal caller, CancellationToken cancellationToken) =>
        ListPage<Submission>.Slice(await ListAsync(status, query.LikePattern, caller, cancellationToken), query);

    private async Task<List<Submission>> ListAsync(SubmissionStatus? status, string? titleLike, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        var all = (await QueryAsync(
                "WHERE (CAST(@status AS TEXT) IS NULL OR status = @status) AND (CAST(@title AS TEXT) IS NULL OR lower(json_extract(payload, '$.title')) LIKE lower(@title) ESCAPE '\\')",
                [("@status", status?.ToString()), ("@title", titleLike)], cancellationToken))
            .Where(s => s.Status != SubmissionStatus.Draft || s.Author == caller.Actor()).ToList();
        var role = caller.StaffRole();
        if (role == StaffRole.Admin)
        {
            return all;
        }
        if (role == StaffRole.StationMaster || role is null || !ModerationRules.MayReview(role.Value))
        {
            return all.Where(s => s.Author == caller.Actor()).ToList();
        }
        var visible = new List<Submission>();
        foreach (var submission in all)
        {
            try
            {
                await content.ValidateAsync(submission.Kind, ContentJson.DeserializeItem(submission.Kind, submission.Item.GetRawText()), WriteMode.Upsert, caller, cancellationToken);
                visible.Add(submission);
            }
            catch (ApiException)
            {
                // Outside this reviewer's area (or no longer valid): not theirs to see.
            }
        }
        return visible;
    }

    private async Task<Submission> PendingAsync(long id, ClaimsPrincipal reviewer, CancellationToken cancellationToken)
    {
        if (reviewer.StaffRole() is not { } role || !ModerationRules.MayReview(role))
        {
            throw ApiException.Forbidden("只有社区工作人员可以审核 (only community staff may review submissions)");
        }
        var submission = await GetAsync(id, cancellationToken) ?? throw ApiException.NotFound($"待审核内容 {id} 不存在 (submissions/{id} does not exist)");
        if (submission.Status != SubmissionStatus.Pending)
        {
            throw ApiException.Conflict($"这条内容已经审核过了 (submissions/{id} is already {submission.Status.ToString().ToLowerInvariant()})");
        }
        if (submission.Author == reviewer.Actor())
        {
            throw ApiException.Forbidden("不能审核自己提交的内容 (nobody reviews their own submission)");
        }
        return submission;
    }

    private async Task MarkAsync(long id, SubmissionStatus status, ClaimsPrincipal reviewer, string? note, long? seq, CancellationToken cancellationToken, SubmissionStatus from = SubmissionStatus.Pending)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var updated = await connection.ExecAsync(
            "UPDATE submissions SET status = @status, reviewer = @reviewer, reviewed_at = @now, note = @note, seq = @seq WHERE id = @id AND status = @from;",
            null, cancellationToken, ("@status", status.ToString()), ("@reviewer", reviewer.Actor()),
            ("@now", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)), ("@note", note), ("@seq", seq), ("@id", id), ("@from", from.ToString()));
        if (updated == 0)
        {
            throw ApiException.Conflict($"这条内容刚刚已由别人审核 (submissions/{id} was reviewed by someone else meanwhile)");
        }
    }

    private async Task<List<Submission>> QueryAsync(string where, (string, object?)[] parameters, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<SubmissionRow>(
            $"SELECT id, kind, item_id, payload, author, submitted_at, status, reviewer, reviewed_at, note, seq FROM submissions {where} ORDER BY id DESC LIMIT 500;",
            null, cancellationToken, parameters);
        return [.. rows.Select(r => new Submission(
            r.Id, r.Kind, r.ItemId, JsonDocument.Parse(r.Payload).RootElement.Clone(), r.Author, r.SubmittedAt, Enum.Parse<SubmissionStatus>(r.Status),
            r.Reviewer, r.ReviewedAt, r.Note, r.Seq))];
    }

    private sealed class SubmissionRow
    {
        public long Id { get; init; }
        public string Kind { get; init; } = "";
        public string ItemId { get; init; } = "";
        public string Payload { get; init; } = "";
        public string Author { get; init; } = "";
        public DateTimeOffset SubmittedAt { get; init; }
        public string Status { get; init; } = "";
        public string? Reviewer { get; init; }
        public DateTimeOffset? ReviewedAt { get; init; }
        public string? Note { get; init; }
        public long? Seq { get; init; }
    }
}
