using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Api.Paging;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Content;
using SignageKiosk.Controller.Moderation;
using SignageKiosk.Controller.Web;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Notices;

namespace SignageKiosk.Controller.Pages.Admin.Review;

/// <summary>Community staff approve or send back what station masters submitted.</summary>
public sealed class IndexModel(SubmissionStore submissions, ContentStore content, UiText text) : PageModel
{
    private HashSet<string> _published = [];

    public IReadOnlyList<Submission> Pending { get; private set; } = [];
    /// <summary>This page and the title search (decision 0036).</summary>
    public ListQuery Query { get; private set; } = ListQuery.First();
    public long Total { get; private set; }
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? done, [FromQuery(Name = "page")] int? page, string? q, CancellationToken cancellationToken)
    {
        if (!ModerationRules.MayReview(User.StaffRole()!.Value))
        {
            return Forbid();
        }
        Message = done switch { "approved" => text.Approved, "rejected" => text.Rejected, _ => null };
        Query = ListQuery.FromPage(page, q, limit: 20);
        var listed = await submissions.ListPageAsync(SubmissionStatus.Pending, Query, User, cancellationToken);
        (Pending, Total) = (listed.Items, listed.Total);
        // Only this page's items are looked up, not every notice in the area.
        foreach (var submission in Pending)
        {
            if (await content.GetAsync(submission.Kind, submission.ItemId, User, cancellationToken) is not null)
            {
                _published.Add(submission.ItemId);
            }
        }
        return Page();
    }

    public async Task<IActionResult> OnPostApproveAsync(long id, CancellationToken cancellationToken) =>
        await ReviewAsync(() => submissions.ApproveAsync(id, User, cancellationToken), "approved");

    public async Task<IActionResult> OnPostRejectAsync(long id, string? note, CancellationToken cancellationToken) =>
        await ReviewAsync(() => submissions.RejectAsync(id, User, note, cancellationToken), "rejected");

    private async Task<IActionResult> ReviewAsync(Func<Task<Submission>> review, string done)
    {
        try
        {
            await review();
        }
        catch (ApiException e) when (e.Status == StatusCodes.Status403Forbidden)
        {
            return Forbid();
        }
        return Redirect("/admin/review?done=" + done);
    }

    public Notice NoticeOf(Submission submission) => (Notice)ContentJson.DeserializeItem(submission.Kind, submission.Item.GetRawText());

    public bool IsEdit(Submission submission) => _published.Contains(submission.ItemId);

    public string Local(DateTimeOffset instant) => new StationClock(null).ToLocal(instant).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
