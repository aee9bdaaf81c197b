using SignageKiosk.Kiosk.Board;
using SignageKiosk.Kiosk.Cache;
using SignageKiosk.Kiosk.Sync;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Reports;

namespace SignageKiosk.Kiosk.Reports;

/// <summary>
/// <c>GET /reports/lookup?reference=</c> (the digits the resident typed, or a whole reference) and
/// <c>POST /reports/rate {"reference", "rating": "satisfied|fairlySatisfied|dissatisfied"}</c>, both only from the board
/// page, answered from the controller or 503 offline; <c>GET /qr/report</c>: the QR code of the phone report page
/// <c>{publicUrl}/r/{kioskId}</c>, 404 until the controller has told this kiosk its public address.
/// </summary>
public static class ReportLookupEndpoints
{
    public const string BadReference = "请输入完整的反映编号：8 位日期加 4 位以上序号，例如 R20261205-0042";

    public sealed record RateBody(string? Reference, string? Rating);

    public static void MapReportLookupEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/reports/lookup", async (string? reference, ReportLookup lookup, CancellationToken cancellationToken) =>
        {
            if (ReportReferenceInput.FromDigits(reference) is not { } whole)
            {
                return Results.BadRequest(new { error = BadReference });
            }
            return Answer(await lookup.LookUpAsync(whole, cancellationToken));
        }).RequireBoardPage();

        app.MapPost("/reports/rate", async (HttpContext http, ReportLookup lookup, CancellationToken cancellationToken) =>
        {
            var body = await LocalCaller.ReadJsonOrNullAsync<RateBody>(http, cancellationToken);
            if (ReportReferenceInput.FromDigits(body?.Reference) is not { } whole)
            {
                return Results.BadRequest(new { error = BadReference });
            }
            if (!ReportRatings.TryParse(body!.Rating, out var rating))
            {
                return Results.BadRequest(new { error = "请选择评价：满意、基本满意或不满意" });
            }
            return Answer(await lookup.RateAsync(new ReportRatingRequest { Reference = whole, Rating = rating }, cancellationToken));
        }).RequireBoardPage();

        app.MapGet("/qr/report", (ControllerPublicUrl publicUrl, KioskCache cache) =>
            PhonePageUrl(publicUrl.Value, cache.KioskId) is { } url
                ? Results.Text(QrCode.Svg(url), "image/svg+xml")
                : Results.NotFound(new { error = "还不知道手机反映页的地址（屏幕尚未连上过管理端）" }));
    }

    /// <summary>The phone report page of this kiosk, or null while the public address or the kiosk's id is unknown.</summary>
    public static string? PhonePageUrl(string? publicUrl, string? kioskId) =>
        string.IsNullOrEmpty(publicUrl) || string.IsNullOrEmpty(kioskId) ? null : publicUrl.TrimEnd('/') + "/r/" + Uri.EscapeDataString(kioskId);

    private static IResult Answer(ReportLookup.Outcome outcome) =>
        outcome.Status is { } status
            ? Results.Ok(status)
            : Results.Json(new { error = outcome.Error }, statusCode: outcome.StatusCode);
}
