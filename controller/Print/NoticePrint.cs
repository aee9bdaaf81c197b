using System.Security.Claims;
using Microsoft.Extensions.Options;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Content;
using SignageKiosk.Controller.Media;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Notices;
using SignageKiosk.Shared.Print;

namespace SignageKiosk.Controller.Print;

/// <summary>
/// A notice printed on A4 (PDF, or one page as PNG) or drawn as a phone poster, for staff. Reading rules: whoever
/// may read the notice through GET /api/notices/{id} (staff, the notice inside their area) may print it; anyone
/// else is told it does not exist. The QR code opens the notice's public page (<see cref="PublicUrlOptions"/>).
/// </summary>
public sealed class NoticePrint(ContentStore content, PublicNotices notices, MediaStore media, NoticePrintRenderer printRenderer,
    NoticePosterRenderer posterRenderer, IOptions<PublicUrlOptions> urls, TimeProvider time, ILogger<NoticePrint> logger)
{
    public async Task<PrintFile> PrintAsync(HttpContext http, string id, string? format, int? page, CancellationToken cancellationToken)
    {
        format = PrintFormat.Parse(format, page);
        var (notice, request) = await RequestAsync(http, id, cancellationToken);
        var file = PrintFormat.Render(format, page, FileName(notice),
            output => printRenderer.RenderPdf(request, output),
            () => printRenderer.CountPages(request),
            (wanted, output) => printRenderer.RenderPng(request, wanted, 300, output));
        logger.LogInformation("Printed notice {NoticeId} as {Format}: {Bytes} bytes", notice.Id, format, file.Bytes.Length);
        return file;
    }

    public async Task<PrintFile> PosterAsync(HttpContext http, string id, CancellationToken cancellationToken)
    {
        var (notice, request) = await RequestAsync(http, id, cancellationToken);
        using var output = new MemoryStream();
        var report = posterRenderer.RenderPng(request, output);
        logger.LogInformation("Drew the poster of notice {NoticeId}: {Width}×{Height} px, {Bytes} bytes, shortened {Shortened}",
            notice.Id, report.Width, report.Height, output.Length, report.Shortened);
        return new PrintFile(output.ToArray(), "image/png", FileName(notice) + "-海报.png");
    }

    private async Task<(Notice Notice, NoticePrintRequest Request)> RequestAsync(HttpContext http, string id, CancellationToken cancellationToken)
    {
        var caller = http.User;
        if (caller.StaffRole() is null)
        {
            throw ApiException.Forbidden("只有工作人员可以打印通知");
        }
        if (string.IsNullOrEmpty(id) || id.Length > PublicNotices.MaxIdLength
            || await content.GetAsync(ContentKind.Notice, id, caller, cancellationToken) is not { Item: Notice notice })
        {
            throw ApiException.NotFound("通知不存在或不在您的管理范围内");
        }
        var (_, stationName, clock) = await notices.StationOfAsync(notice.Target, cancellationToken);
        var request = new NoticePrintRequest
        {
            Title = notice.Title,
            Body = notice.Body,
            Category = notice.Category,
            Priority = notice.Priority,
            ValidityText = NoticePrintRequest.Validity(notice.ValidFrom, notice.ValidTo, clock),
            StationName = stationName,
            Picture = await PictureAsync(notice, cancellationToken),
            Url = PublicNoticePage.UrlOf(urls.Value.BaseFor(http.Request), notice.Id),
            PrintedOn = DateOnly.FromDateTime(clock.ToLocal(time.GetUtcNow())),
        };
        return (notice, request);
    }

    /// <summary>The stored picture's bytes; a missing file prints without it (the notice still says everything in words).</summary>
    private async Task<byte[]?> PictureAsync(Notice notice, CancellationToken cancellationToken)
    {
        if (notice.Image is not { } image || await media.FindAsync(image.Sha256, cancellationToken) is null)
        {
            return null;
        }
        var path = media.PathOf(image.Sha256);
        if (!File.Exists(path))
        {
            logger.LogWarning("Notice {NoticeId}: picture {Sha256} is missing from the media directory; printed without it", notice.Id, image.Sha256);
            return null;
        }
        return await File.ReadAllBytesAsync(path, cancellationToken);
    }

    private static string FileName(Notice notice)
    {
        var title = new string(notice.Title.Where(c => !char.IsControl(c) && !Path.GetInvalidFileNameChars().Contains(c) && c is not ('"' or '\\')).Take(40).ToArray()).Trim();
        return title.Length > 0 ? title : "通知";
    }
}
