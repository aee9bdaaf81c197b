using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Updates;
using SignageKiosk.Controller.Web;
using SignageKiosk.Shared.Board;

namespace SignageKiosk.Controller.Pages.Admin.Updates;

/// <summary>
/// Administrators upload signed kiosk builds, start rollouts and remove old builds here, with the same rules as
/// /api/updates (KioskUpdates); a rollout's progress, pause and resume are on the fleet page.
/// </summary>
// A build is a self-contained app (tens of MB): the form may be as large as Updates:MaxBuildBytes, which the store
// enforces while it copies the file, so the request itself is not capped lower here.
[DisableRequestSizeLimit]
[RequestFormLimits(MultipartBodyLengthLimit = long.MaxValue)]
public sealed class IndexModel(KioskUpdates updates, BuildStore builds, RolloutStore rollouts, UiText text) : PageModel
{
    private static readonly StationClock Clock = new(null);

    public IReadOnlyList<KioskBuild> Builds { get; private set; } = [];
    /// <summary>The active or paused rollout, if any: one at a time, so no other can start until it ends, and its build cannot be removed.</summary>
    public RolloutStore.OpenRollout? OpenRollout { get; private set; }
    public string? Message { get; private set; }
    public bool Failed { get; private set; }

    [BindProperty] public string? Build { get; set; }
    [BindProperty] public string? Stages { get; set; }
    [BindProperty] public int MaxAtOnce { get; set; } = 1;
    [BindProperty] public int FailureLimit { get; set; } = 1;
    [BindProperty] public int StageWaitMinutes { get; set; }

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken cancellationToken)
    {
        if (User.StaffRole() != StaffRole.Admin)
        {
            return Forbid();
        }
        Message = done switch
        {
            "uploaded" => text.T("安装包已上传。", "Build uploaded."),
            "known" => text.T("这个安装包已经上传过（同样的文件），未重复保存。", "This build was uploaded before (the same file); nothing new was stored."),
            "removed" => text.T("安装包文件已删除；发布记录和版本号保留。", "The build's file is removed; its rollouts and version stay on record."),
            _ => null,
        };
        await LoadAsync(cancellationToken);
        return Page();
    }

    public Task<IActionResult> OnPostUploadAsync(IFormFile? bundle, IFormFile? signature, CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            if (bundle is null || bundle.Length == 0)
            {
                throw ApiException.BadRequest("请选择安装包文件（.tar.gz）(choose the build file, .tar.gz)", "bundle");
            }
            var signed = await SignatureAsync(signature, cancellationToken);
            await using var content = bundle.OpenReadStream();
            var (_, created) = await updates.UploadAsync(User, Address, content, signed, cancellationToken);
            return Redirect("/admin/updates?done=" + (created ? "uploaded" : "known"));
        }, cancellationToken);

    public Task<IActionResult> OnPostRolloutAsync(CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            var stages = (Stages ?? "").Split(['\n', ',', '，', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
            await updates.StartRolloutAsync(User, Address, new RolloutRequest { Build = Build, Stages = stages, MaxAtOnce = MaxAtOnce, FailureLimit = FailureLimit, StageWaitMinutes = StageWaitMinutes }, cancellationToken);
            return Redirect("/admin/fleet#rollouts");
        }, cancellationToken);

    public Task<IActionResult> OnPostRemoveAsync(string sha256, CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            await updates.RemoveAsync(User, Address, sha256, cancellationToken);
            return Redirect("/admin/updates?done=removed");
        }, cancellationToken);

    public string Local(DateTimeOffset instant) => Clock.ToLocal(instant).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Megabytes(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB";

    private string? Address => HttpContext.Connection.RemoteIpAddress?.ToString();

    /// <summary>Administrators only; a refusal comes back on the page, in the words the API uses, with what was typed.</summary>
    private async Task<IActionResult> RunAsync(Func<Task<IActionResult>> action, CancellationToken cancellationToken)
    {
        if (User.StaffRole() != StaffRole.Admin)
        {
            return Forbid();
        }
        try
        {
            return await action();
        }
        catch (ApiException e)
        {
            (Message, Failed) = (e.Message, true);
            await LoadAsync(cancellationToken);
            return Page();
        }
    }

    /// <summary>The .sig file as openssl writes it (DER, binary), or the same in base64 text, as the API's header takes it.</summary>
    private async Task<byte[]> SignatureAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (file is null || file.Length is 0 or > 4096)
        {
            throw ApiException.BadRequest("请选择签名文件（.sig，由 openssl dgst -sha256 -sign 生成）(choose the signature file, .sig, from openssl dgst -sha256 -sign)", "signature");
        }
        using var memory = new MemoryStream();
        await file.CopyToAsync(memory, cancellationToken);
        var bytes = memory.ToArray();
        if (bytes[0] == 0x30 && bytes.Length <= 256)
        {
            return bytes;   // a DER SEQUENCE: the signature itself
        }
        try
        {
            var decoded = Convert.FromBase64String(Encoding.ASCII.GetString(bytes).Trim());
            return decoded.Length is > 0 and <= 256 ? decoded : throw new FormatException("length");
        }
        catch (FormatException)
        {
            throw ApiException.BadRequest("签名文件既不是 DER 也不是 base64 (the signature file is neither DER nor base64)", "signature");
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Builds = await builds.ListAsync(cancellationToken);
        OpenRollout = await rollouts.OpenAsync(cancellationToken);
        Build ??= Builds.FirstOrDefault(b => b.Stored)?.Sha256;
    }
}
