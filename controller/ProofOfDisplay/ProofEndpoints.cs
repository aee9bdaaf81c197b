using System.Globalization;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Api.Paging;
using SignageKiosk.Controller.Auth;

namespace SignageKiosk.Controller.ProofOfDisplay;

public static class ProofEndpoints
{
    public static IServiceCollection AddProofOfDisplay(this IServiceCollection services)
    {
        services.AddSingleton<DisplayProofStore>();
        services.AddSingleton<ProofQuery>();
        return services;
    }

    public static void MapProofEndpoints(this IEndpointRouteBuilder app)
    {
        // GET /api/proof?noticeId=…&placeId=…&from=…&to=…&q=…&limit=…&cursor=… — staff, for places in their area. from/to default
        // to the last 24 hours. One answer; its list of screens (kiosks) is paged like every list (decision 0036).
        app.MapGet("/api/proof", async (string? noticeId, string? placeId, string? from, string? to, int? limit, string? cursor, string? q,
            HttpContext http, ProofQuery proof, CancellationToken cancellationToken) =>
        {
            var page = ListQuery.FromApi(limit, cursor, q);
            return Results.Ok(await proof.AnswerAsync(http.User, noticeId, placeId, Instant(from, "from"), Instant(to, "to"), page, cancellationToken));
        })
            .WithSummary("Was this notice shown at this place in this time? Per screen, per hour.")
            .WithDescription("`kiosks` is paged: `limit` (1-200, default 50), `cursor` (the previous answer's `kiosks.nextCursor`), `q` (a screen's name or id); "
                + "`kiosks` is `{ items, total, nextCursor, limit }`, screens that showed the notice first. `totalSeconds` and `screensShown` count every screen.")
            .Produces<ProofAnswer>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .RequireAuthorization(AuthPolicies.Staff)
            .WithName("ListProofOfDisplay");
    }

    private static DateTimeOffset? Instant(string? value, string field) =>
        string.IsNullOrEmpty(value) ? null
        : DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed
        : throw ApiException.BadRequest($"“{field}”须为日期和时间，例如 2026-11-22T18:00:00+08:00 ('{field}' must be a date and time, e.g. 2026-11-22T18:00:00+08:00)", field);
}
