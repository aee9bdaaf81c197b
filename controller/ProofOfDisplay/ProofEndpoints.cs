using System.Globalization;
using SignageKiosk.Controller.Api;
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
        // GET /api/proof?noticeId=…&placeId=…&from=…&to=… — staff, for places in their area. from/to default to the last 24 hours.
        app.MapGet("/api/proof", async (string? noticeId, string? placeId, string? from, string? to, HttpContext http, ProofQuery proof, CancellationToken cancellationToken) =>
            Results.Ok(await proof.AnswerAsync(http.User, noticeId, placeId, Instant(from, "from"), Instant(to, "to"), cancellationToken)))
            .RequireAuthorization(AuthPolicies.Staff);
    }

    private static DateTimeOffset? Instant(string? value, string field) =>
        string.IsNullOrEmpty(value) ? null
        : DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed
        : throw ApiException.BadRequest($"'{field}' must be a date and time, e.g. 2026-11-22T18:00:00+08:00", field);
}
