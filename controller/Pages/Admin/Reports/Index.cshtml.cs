using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Reports;
using SignageKiosk.Controller.Web;
using SignageKiosk.Shared.Reports;

namespace SignageKiosk.Controller.Pages.Admin.Reports;

/// <summary>
/// 居民反映: the queue of residents' reports in the staff member's area, newest first, filtered by state, category and
/// overdue, a page at a time; overdue reports say so in words. The CSV export has no phone numbers and no notes.
/// </summary>
public sealed class IndexModel(ReportQuery reports, ReportExport export, UiText text, TimeProvider time) : PageModel
{
    public const int PageSize = 50;

    public ReportQuery.ListedPage? Listed { get; private set; }
    public string? State { get; private set; }
    public string? Category { get; private set; }
    /// <summary>A community or compound of the staff member's area to narrow the queue to (by community and compound).</summary>
    public string? PlaceId { get; private set; }
    public bool Overdue { get; private set; }
    public bool Mine { get; private set; }
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? state, string? category, string? placeId, bool? overdue, bool? mine, long? cursor, CancellationToken cancellationToken)
    {
        (State, Category, PlaceId, Overdue, Mine) = (Blank(state), Blank(category), Blank(placeId), overdue == true, mine == true);
        try
        {
            Listed = await reports.ListAsync(User, Query(cursor), cancellationToken);
        }
        catch (ApiException e)
        {
            Problem = e.Message;
        }
        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(string? state, string? category, string? placeId, bool? overdue, bool? mine, CancellationToken cancellationToken)
    {
        (State, Category, PlaceId, Overdue, Mine) = (Blank(state), Blank(category), Blank(placeId), overdue == true, mine == true);
        try
        {
            Response.Headers.CacheControl = "no-store";
            return File(await export.CsvAsync(User, Query(null), cancellationToken), ReportExport.ContentType, ReportExport.FileName(time.GetUtcNow()));
        }
        catch (ApiException e)
        {
            Problem = e.Message;
            return Page();
        }
    }

    private ReportQuery.Query Query(long? cursor) => new(State, Category, PlaceId, Overdue, Mine ? "me" : null, cursor, PageSize);

    /// <summary>This page's address with the current filters and another cursor.</summary>
    public string Link(long? cursor, string? handler = null)
    {
        var query = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                query.Add(name + "=" + Uri.EscapeDataString(value));
            }
        }
        Add("handler", handler);
        Add("state", State);
        Add("category", Category);
        Add("placeId", PlaceId);
        Add("overdue", Overdue ? "true" : null);
        Add("mine", Mine ? "true" : null);
        Add("cursor", cursor?.ToString(CultureInfo.InvariantCulture));
        return "/admin/reports" + (query.Count > 0 ? "?" + string.Join("&", query) : "");
    }

    public static string Local(DateTimeOffset? instant) =>
        instant is { } value ? TimeZoneInfo.ConvertTime(value, ReportReference.Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "";

    public string Due(ReportQuery.Listed report) =>
        report.DueAt is null || !ReportState.IsOpen(report.State) ? "" : text.T("时限 ", "due ") + Local(report.DueAt);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
