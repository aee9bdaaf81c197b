using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SignageKiosk.Controller.Api;
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

    public List<Submission> Pending { get; private set; } = [];
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken cancellationToken)
    {
        if (!ModerationRules.MayReview(User.StaffRole()!.Value))
        {
            return Forbid();
        }
        Message = done switch { "approved" => text.Approved, "rejected" => text.Rejected, _ => null };
        Pending = await submissions.ListAsync(SubmissionStatus.Pending, User, cancellationToken);
        _published = (await content.ListAsync(ContentKind.Notice, User, cancellationToken)).Select(s => s.Item.Id).ToHashSet();
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
