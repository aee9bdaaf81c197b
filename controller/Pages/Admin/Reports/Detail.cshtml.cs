using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Reports;
using SignageKiosk.Controller.Web;
using SignageKiosk.Shared.Reports;

namespace SignageKiosk.Controller.Pages.Admin.Reports;

/// <summary>
/// One resident's report: what it is about (preset phrases as text), the phone (whole only for administrators and the
/// assignee), its history and notes, and what the caller may do — assign, move it on with a reply or a reason, add a
/// note, mark it as spam. A refused action says why and changes nothing.
/// </summary>
public sealed class DetailModel(ReportQuery reports, ReportHandling handling, UiText text) : PageModel
{
    public ReportQuery.Detail? Report { get; private set; }
    public string? Message { get; private set; }
    public string? Problem { get; private set; }

    /// <summary>What was typed, kept when an action is refused.</summary>
    public string? Reply { get; private set; }
    public string? Note { get; private set; }

    public async Task<IActionResult> OnGetAsync(string reference, string? done, CancellationToken cancellationToken)
    {
        Message = done switch
        {
            "assigned" => text.T("已派单。", "Assigned."),
            "moved" => text.T("状态已更新。", "State changed."),
            "noted" => text.T("备注已添加。", "Note added."),
            "spam" => text.T("已标为无效。", "Marked as spam."),
            _ => null,
        };
        return await LoadAsync(reference, cancellationToken);
    }

    public Task<IActionResult> OnPostAssignAsync(string reference, long? userId, CancellationToken cancellationToken) =>
        ActAsync(reference, "assigned", () => userId is { } id
            ? handling.AssignAsync(User, reference, id, cancellationToken)
            : throw ApiException.BadRequest(text.T("请选择处理人", "Choose who handles it")), cancellationToken);

    public Task<IActionResult> OnPostStateAsync(string reference, string? state, string? reply, string? note, CancellationToken cancellationToken)
    {
        (Reply, Note) = (reply, note);
        return ActAsync(reference, "moved", () => handling.MoveAsync(User, reference, state, reply, note, cancellationToken), cancellationToken);
    }

    public Task<IActionResult> OnPostNoteAsync(string reference, string? note, CancellationToken cancellationToken)
    {
        Note = note;
        return ActAsync(reference, "noted", () => handling.AddNoteAsync(User, reference, note, cancellationToken), cancellationToken);
    }

    public Task<IActionResult> OnPostSpamAsync(string reference, CancellationToken cancellationToken) =>
        ActAsync(reference, "spam", () => handling.MarkSpamAsync(User, reference, cancellationToken), cancellationToken);

    private async Task<IActionResult> ActAsync(string reference, string done, Func<Task> action, CancellationToken cancellationToken)
    {
        try
        {
            await action();
        }
        catch (ApiException e) when (e.Status != StatusCodes.Status404NotFound)
        {
            Problem = e.Message;
            return await LoadAsync(reference, cancellationToken);
        }
        catch (ApiException)
        {
            return NotFound();
        }
        return Redirect($"/admin/reports/{Uri.EscapeDataString(reference)}?done={done}");
    }

    private async Task<IActionResult> LoadAsync(string reference, CancellationToken cancellationToken)
    {
        try
        {
            Report = await reports.GetAsync(User, reference, cancellationToken);
        }
        catch (ApiException e) when (e.Status == StatusCodes.Status404NotFound)
        {
            return NotFound();
        }
        return Page();
    }

    public string EventText(ReportQuery.EventView e) => e.Kind switch
    {
        ReportStore.EventKinds.Assigned => text.T($"派单给 {e.Text}", $"assigned to {e.Text}"),
        ReportStore.EventKinds.Note => text.T("备注：", "Note: ") + e.Text,
        _ => text.T("状态改为“", "state: ") + e.StateName + text.T("”", "") + (e.Text is { } said ? text.T("：", ": ") + said : ""),
    };

    public string ActionLabel(string state) => state switch
    {
        ReportState.InProgress => text.T("开始处理", "Start"),
        ReportState.Resolved => text.T("办结", "Resolve"),
        ReportState.Declined => text.T("不予受理", "Decline"),
        _ => ReportState.Label(state),
    };
}
