using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Import;
using SignageKiosk.Controller.Web;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Controller.Pages.Admin.Import;

/// <summary>
/// Rosters, people and duty shifts from the spreadsheets staff already keep: upload (with a progress bar),
/// a preview with each row's problems, and nothing written until confirmed. The rules are the import API's.
/// </summary>
[FormUploadLimit(ImportLimits.MaxFileBytes)]
public sealed class IndexModel(ImportService imports, StaffScope scope, UiText text) : PageModel
{
    /// <summary>The file limit as the form states it and the server keeps it (one constant: ImportLimits.MaxFileBytes).</summary>
    public static long MaxFileMegabytes => ImportLimits.MaxFileBytes / 1024 / 1024;

    public List<(string Kind, string Label)> Kinds { get; } =
    [
        ("roster", text.T("楼栋公示（楼栋、单元、人员、角色）", "Building roster")),
        ("people", text.T("人员", "People")),
        ("duty-shifts", text.T("值班排班", "Duty shifts")),
    ];

    /// <summary>The compound the picker starts on (the caller's own, or the only one).</summary>
    public string? Target { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Target = await scope.DefaultTargetAsync(User, [PlaceKind.Compound], cancellationToken);

    public async Task<IActionResult> OnPostPreviewAsync(string kind, string target, IFormFile? file, CancellationToken cancellationToken)
    {
        if (FormUploadLimitAttribute.Exceeded(HttpContext) || file?.Length > ImportLimits.MaxFileBytes)
        {
            return Refused(StatusCodes.Status413PayloadTooLarge, text.T($"文件不能超过 {MaxFileMegabytes} MB", $"The file must be at most {MaxFileMegabytes} MB"), "file");
        }
        if (file is null || file.Length == 0)
        {
            return Refused(StatusCodes.Status400BadRequest, text.T("请选择要导入的文件", "Choose a file to import"), "file");
        }
        using var memory = new MemoryStream();
        await file.CopyToAsync(memory, cancellationToken);
        return await RunAsync(() => imports.PreviewAsync(kind, target, memory.ToArray(), null, User, cancellationToken));
    }

    public Task<IActionResult> OnPostConfirmAsync(string token, CancellationToken cancellationToken) =>
        RunAsync(() => imports.ConfirmAsync(token, User, cancellationToken));

    public async Task<IActionResult> OnGetExportAsync(string kind, string target, CancellationToken cancellationToken)
    {
        try
        {
            var (bytes, name) = await imports.ExportAsync(kind, target, User, cancellationToken);
            return File(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name);
        }
        catch (ApiException e)
        {
            return StatusCode(e.Status, e.Message);
        }
    }

    private async Task<IActionResult> RunAsync<T>(Func<Task<T>> action)
    {
        try
        {
            return new JsonResult(await action());
        }
        catch (ApiException e)
        {
            return Refused(e.Status, e.Message);
        }
    }

    private JsonResult Refused(int status, string message, string? field = null) =>
        new(ApiProblem.Create(status, message, field)) { StatusCode = status, ContentType = ApiProblem.ContentType };
}
