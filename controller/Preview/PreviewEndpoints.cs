using System.Globalization;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Shared.Board;

namespace SignageKiosk.Controller.Preview;

/// <summary>
/// Shows staff exactly what a kiosk will show, at a chosen time, through the same renderer the kiosk uses
/// and the same records the kiosk receives.
/// </summary>
public static class PreviewEndpoints
{
    public static void MapPreviewEndpoints(this IEndpointRouteBuilder app)
    {
        // The board's stylesheet and scripts: public, the same bytes the kiosks serve.
        app.MapGet("/assets/{name}", (string name) => BoardAssets.Find(name) is { } text
            ? Results.Text(text, BoardAssets.ContentType(name))
            : Results.NotFound()).AllowAnonymous();

        app.MapGet("/api/preview/{kioskId}", async (string kioskId, string? at, string? layout, string? lang, string? scheme, string? size,
            HttpContext http, PreviewRenderer preview, TimeProvider time, CancellationToken cancellationToken) =>
            Results.Content(await preview.RenderAsync(http.User, kioskId, ParseInstant(at, time), layout, AccessibilitySettings.Parse(size, scheme, lang, null), cancellationToken),
                "text/html; charset=utf-8"))
            .RequireAuthorization(AuthPolicies.Staff)
            .WithName("PreviewKiosk").Produces<string>(StatusCodes.Status200OK, "text/html").ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>"at" with an offset is an instant; without one it is station wall-clock time, as staff mean it.</summary>
    public static DateTimeOffset ParseInstant(string? at, TimeProvider time)
    {
        if (string.IsNullOrEmpty(at))
        {
            return time.GetUtcNow();
        }
        if (System.Text.RegularExpressions.Regex.IsMatch(at, @"(Z|[+-]\d{2}:?\d{2})$")
            && DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            return instant;
        }
        if (DateTime.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return new StationClock(null).ToInstant(local);
        }
        throw ApiException.BadRequest("“at”须为日期和时间，例如 2026-11-23T20:00:00+08:00 ('at' must be a date and time, e.g. 2026-11-23T20:00:00+08:00)", "at");
    }
}
