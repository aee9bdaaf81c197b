using System.Net;
using SignageKiosk.Kiosk.Board;
using SignageKiosk.Shared.Content;

namespace SignageKiosk.Kiosk.ProofOfDisplay;

/// <summary>
/// <c>PUT /display {"page": "…", "notices": ["id", …]}</c>: the board page says which notices are on screen now
/// (whenever that changes and every 10 s), only from the board page this host served. <c>GET /display</c>: what was
/// counted, for diagnostics, loopback only.
/// </summary>
public static class DisplayEndpoints
{
    public const int MaxNotices = 200;
    public const int MaxPageId = 64;

    public sealed record DisplayBody(string? Page, string[]? Notices);

    public static IServiceCollection AddProofOfDisplay(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<DisplayOptions>(configuration.GetSection(DisplayOptions.Section));
        services.AddSingleton<DisplayLog>();
        services.AddSingleton<DisplayTracker>();
        services.AddHostedService(sp => sp.GetRequiredService<DisplayTracker>());
        services.AddHostedService<DisplayUploader>();
        return services;
    }

    public static void MapDisplayEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPut("/display", async (HttpContext http, DisplayTracker tracker, CancellationToken cancellationToken) =>
        {
            var body = await LocalCaller.ReadJsonOrNullAsync<DisplayBody>(http, cancellationToken);
            if (body is not { Page: { Length: > 0 and <= MaxPageId } page, Notices: { Length: <= MaxNotices } notices }
                || notices.Any(id => string.IsNullOrEmpty(id) || id.Length > ContentValidator.MaxIdLength))
            {
                return Results.BadRequest(new { error = $"send {{\"page\": \"<id>\", \"notices\": [\"<notice id>\", …]}} with at most {MaxNotices} notices" });
            }
            tracker.Report(page, notices);
            return Results.NoContent();
        }).RequireBoardPage();

        app.MapGet("/display", (HttpContext http, DisplayTracker tracker, DisplayLog log) =>
            FromThisMachine(http)
                ? Results.Ok(new { screenOff = tracker.ScreenOff, pages = tracker.Pages, hours = log.Recent(200) })
                : Results.Json(new { error = "only this machine may read this" }, statusCode: StatusCodes.Status403Forbidden));
    }

    private static bool FromThisMachine(HttpContext http) => LocalCaller.Is(http);
}
