using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Content;
using SignageKiosk.Controller.Media;
using SignageKiosk.Controller.Moderation;
using SignageKiosk.Controller.Web;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Notices;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Controller.Pages.Admin.Notices;

/// <summary>Create or change a notice. Every rule is the REST API's; this page only says it in Chinese, next to the field.</summary>
[FormUploadLimit(MediaStore.MaxBytes)]
public sealed class EditModel(ContentStore content, SubmissionStore submissions, MediaStore media, IOptions<PhotoOptions> photos, StaffScope scope, UiText text) : PageModel
{
    private static readonly StationClock Clock = new(null);

    [BindProperty] public string? Id { get; set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Body { get; set; }
    [BindProperty] public NoticeCategory Category { get; set; }
    [BindProperty] public NoticePriority Priority { get; set; }
    [BindProperty] public string? ValidFrom { get; set; }
    [BindProperty] public string? ValidTo { get; set; }
    [BindProperty] public string? TargetPlaceId { get; set; }
    [BindProperty] public bool Draft { get; set; }
    [BindProperty] public IFormFile? Image { get; set; }
    [BindProperty] public bool RemoveImage { get; set; }

    /// <summary>The picture the notice has now (kept on edit unless replaced or removed).</summary>
    public SignageKiosk.Shared.Media.MediaRef? CurrentImage { get; private set; }

    public bool IsNew => string.IsNullOrEmpty(Id);
    public Dictionary<string, string> Errors { get; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>What the place picker offers for a target.</summary>
    public static readonly PlaceKind[] TargetKinds = [PlaceKind.Community, PlaceKind.Compound, PlaceKind.Building];

    public string? ErrorFor(string field) => Errors.GetValueOrDefault(field);

    /// <summary>The picture limit as the form states it and the server keeps it (one constant: MediaStore.MaxBytes).</summary>
    public static long MaxImageMegabytes => MediaStore.MaxBytes / 1024 / 1024;

    private string ImageTooLarge => text.T($"图片不能超过 {MaxImageMegabytes} MB", $"The picture must be at most {MaxImageMegabytes} MB");

    public async Task<IActionResult> OnGetAsync(string? id, CancellationToken cancellationToken)
    {
        if (!StaffPermissions.MayEdit(User.StaffRole()!.Value, ContentKind.Notice))
        {
            return Forbid();
        }
        if (id is not null)
        {
            if (await content.GetAsync(ContentKind.Notice, id, User, cancellationToken) is not { Item: Notice notice })
            {
                return NotFound();
            }
            (Id, Title, Body, Category, Priority, TargetPlaceId) = (notice.Id, notice.Title, notice.Body, notice.Category, notice.Priority, notice.Target.PlaceId);
            CurrentImage = notice.Image;
            ValidFrom = Local(notice.ValidFrom);
            ValidTo = Local(notice.ValidTo);
        }
        else
        {
            TargetPlaceId = await scope.DefaultTargetAsync(User, TargetKinds, cancellationToken);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!StaffPermissions.MayEdit(User.StaffRole()!.Value, ContentKind.Notice))
        {
            return Forbid();
        }
        if (!IsNew && await content.GetAsync(ContentKind.Notice, Id!, User, cancellationToken) is { Item: Notice existing })
        {
            CurrentImage = existing.Image;
        }
        var image = RemoveImage ? null : CurrentImage;
        if (FormUploadLimitAttribute.Exceeded(HttpContext))
        {
            Errors["image"] = ImageTooLarge;
        }
        else if (Image is { Length: > 0 })
        {
            try
            {
                await using var upload = Image.OpenReadStream();
                image = await media.SaveAsync(upload, Image.ContentType, Image.FileName, User.Actor(), cancellationToken);
            }
            catch (ApiException e) when (e.Status is StatusCodes.Status415UnsupportedMediaType or StatusCodes.Status413PayloadTooLarge
                or StatusCodes.Status422UnprocessableEntity or StatusCodes.Status400BadRequest)
            {
                Errors["image"] = e.Status switch
                {
                    StatusCodes.Status413PayloadTooLarge => ImageTooLarge,
                    StatusCodes.Status422UnprocessableEntity => text.T($"图片像素太多，请缩小到 {photos.Value.MaxPixels / 10_000} 万像素以内再上传",
                        $"The picture has too many pixels; shrink it below {photos.Value.MaxPixels / 1_000_000} megapixels"),
                    _ => text.T("这不是 PNG、JPEG、WebP 或 GIF 图片", "This is not a PNG, JPEG, WebP or GIF picture"),
                };
            }
        }
        var from = ParseLocal(ValidFrom, "validFrom");
        var to = ParseLocal(ValidTo, "validTo");
        if (string.IsNullOrEmpty(TargetPlaceId))
        {
            Errors["target"] = text.T("请选择发布到哪里", "Choose where to publish");
        }
        var notice = new Notice
        {
            Id = IsNew ? "notice-" + Guid.NewGuid().ToString("N")[..12] : Id!,
            Title = Title?.Trim() ?? "",
            Body = Body?.Replace("\r\n", "\n", StringComparison.Ordinal) ?? "",
            Category = Category,
            Priority = Priority,
            ValidFrom = from,
            ValidTo = to,
            Image = image,
            Target = ItemTarget.Place(TargetPlaceId ?? ""),
        };
        foreach (var error in ContentValidator.Validate(notice).Where(e => e.Field != "target" || Errors.Count == 0))
        {
            Errors.TryAdd(error.Field, text.English ? error.Message : error.ChineseOrMessage);
        }
        if (Errors.Count > 0)
        {
            return Page();
        }
        try
        {
            var mode = IsNew ? WriteMode.Create : WriteMode.Replace;
            if (Draft)
            {
                await submissions.SaveDraftAsync(ContentKind.Notice, notice, mode, User, cancellationToken);
                return Redirect("/admin/notices?done=draft");
            }
            if (ModerationRules.NeedsReview(User.StaffRole()!.Value, ContentKind.Notice))
            {
                await submissions.SubmitAsync(ContentKind.Notice, notice, mode, User, cancellationToken);
                return Redirect("/admin/notices?done=submitted");
            }
            await content.UpsertAsync(ContentKind.Notice, notice, mode, User, cancellationToken);
        }
        catch (ApiException e) when (e.Status == StatusCodes.Status403Forbidden)
        {
            return Forbid();
        }
        catch (ApiException e)
        {
            Errors[e.Field?.Split('.')[0] ?? ""] = e.Field?.StartsWith("target", StringComparison.Ordinal) == true
                ? text.T("这个位置不存在或不在您的管理范围内", "That place does not exist or is outside your area")
                : e.Message;
            return Page();
        }
        return Redirect("/admin/notices?done=saved");
    }

    private DateTimeOffset? ParseLocal(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (DateTime.TryParseExact(value, ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return Clock.ToInstant(local);
        }
        Errors[field] = text.T("请按“年-月-日 时:分”填写", "Use year-month-day hour:minute");
        return null;
    }

    private static string? Local(DateTimeOffset? instant) =>
        instant is { } value ? Clock.ToLocal(value).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture) : null;
}
