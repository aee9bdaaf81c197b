using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Print;

namespace SignageKiosk.Controller.Pages.Admin.Print;

/// <summary>
/// 打印 from the staff pages, through the page cookie: /admin/print?handler=duty&amp;place=…&amp;week=… and
/// ?handler=overview&amp;compound=…, the same files and rules as GET /api/print/duty and /api/print/overview,
/// sent inline so the browser opens them ready for its print dialog.
/// </summary>
public sealed class IndexModel(DutyPrint duty, OverviewPrint overview) : PageModel
{
    public IActionResult OnGet() => Redirect("/admin");

    public Task<IActionResult> OnGetDutyAsync(string? place, string? week, string? format, [FromQuery(Name = "page")] int? page, CancellationToken cancellationToken) =>
        SendAsync(() => duty.RenderAsync(User, place ?? "", week, format, page, cancellationToken));

    public Task<IActionResult> OnGetOverviewAsync(string? compound, string? format, [FromQuery(Name = "page")] int? page, CancellationToken cancellationToken) =>
        SendAsync(() => overview.RenderAsync(User, compound ?? "", format, page, cancellationToken));

    private async Task<IActionResult> SendAsync(Func<Task<PrintFile>> render)
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
}
