using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Content;
using SignageKiosk.Controller.Moderation;
using SignageKiosk.Controller.Places;
using SignageKiosk.Controller.Print;
using SignageKiosk.Controller.Web;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Notices;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Controller.Pages.Admin.Notices;

public sealed class IndexModel(ContentStore content, SubmissionStore submissions, StructureStore structure, NoticePrint print, UiText text, TimeProvider time) : PageModel
{
    private readonly StationClock _clock = new(null);
    private Dictionary<string, string?> _placeNames = [];

    public List<Notice> Notices { get; private set; } = [];
    public List<(Submission Submission, Notice Notice)> Drafts { get; private set; } = [];
    public string? Message { get; private set; }
    public ContentListView List { get; private set; } = ContentListView.For("/admin/notices", null, null, null);

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken cancellationToken)
    {
        if (!StaffPermissions.MayEdit(User.StaffRole()!.Value, ContentKind.Notice))
        {
            return Forbid();
        }
        Message = done switch
        {
            "saved" => text.Saved,
            "deleted" => text.Deleted,
            "submitted" => text.Submitted,
            "draft" => text.T("草稿已保存，还没有上屏。", "Draft saved; not on any board yet."),
            "published" => text.Saved,
            _ => null,
        };
        // 50 at a time, urgent and pinned first, then the newest (the order this page always had).
        List = ContentListView.FromRequest("/admin/notices", Request);
        var rows = await List.LoadAsync(content, structure, ContentKind.Notice, User, cancellationToken);
        _placeNames = rows.ToDictionary(s => s.Item.Id, s => s.PlaceName);
        Notices = rows.Select(s => (Notice)s.Item).ToList();
        Drafts = (await submissions.ListAsync(SubmissionStatus.Draft, User, cancellationToken))
            .Where(s => s.Kind == ContentKind.Notice)
            .Select(s => (s, (Notice)ContentJson.DeserializeItem(s.Kind, s.Item.GetRawText()))).ToList();
        return Page();
    }

    /// <summary>
    /// 打印 and 生成海报: reading rules, as GET /api/print/notices/{id} and /api/posters/notices/{id}. Inline, so the
    /// browser opens the PDF ready for its print dialog, or shows the poster to save and send.
    /// </summary>
    public Task<IActionResult> OnGetPrintAsync(string? id, string? format, [FromQuery(Name = "page")] int? page, CancellationToken cancellationToken) =>
        FileAsync(() => print.PrintAsync(HttpContext, id ?? "", format, page, cancellationToken));

    public Task<IActionResult> OnGetPosterAsync(string? id, CancellationToken cancellationToken) =>
        FileAsync(() => print.PosterAsync(HttpContext, id ?? "", cancellationToken));

    private async Task<IActionResult> FileAsync(Func<Task<PrintFile>> render)
    {
        try
        {
            var file = await render();
            Response.Headers.ContentDisposition = new Microsoft.Net.Http.Headers.ContentDispositionHeaderValue("inline") { FileNameStar = file.FileName }.ToString();
            return File(file.Bytes, file.ContentType);
        }
        catch (ApiException e)
        {
            return new ContentResult { StatusCode = e.Status, Content = e.Message, ContentType = "text/plain; charset=utf-8" };
        }
    }

    public async Task<IActionResult> OnPostDeleteAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            await submissions.EnsureMayDeleteAsync(ContentKind.Notice, id, User, cancellationToken);
            await content.DeleteAsync(ContentKind.Notice, id, User, cancellationToken);
        }
        catch (ApiException e) when (e.Status == StatusCodes.Status403Forbidden)
        {
            return Forbid();
        }
        return Redirect("/admin/notices?done=deleted");
    }

    public async Task<IActionResult> OnPostPublishDraftAsync(long id, CancellationToken cancellationToken)
    {
        var result = await submissions.PublishDraftAsync(id, User, cancellationToken);
        return Redirect("/admin/notices?done=" + (result.Status == SubmissionStatus.Pending ? "submitted" : "published"));
    }

    public async Task<IActionResult> OnPostDiscardDraftAsync(long id, CancellationToken cancellationToken)
    {
        await submissions.DiscardDraftAsync(id, User, cancellationToken);
        return Redirect("/admin/notices?done=deleted");
    }

    public string StateOf(Notice notice)
    {
        var now = time.GetUtcNow();
        return notice.ValidTo <= now ? "expired" : notice.ValidFrom > now ? "upcoming" : "showing";
    }

    public string Local(DateTimeOffset? instant) =>
        instant is { } value ? _clock.ToLocal(value).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "—";

    public string TargetName(Notice notice) =>
        _placeNames.GetValueOrDefault(notice.Id) ?? notice.Target.ToString();
}
