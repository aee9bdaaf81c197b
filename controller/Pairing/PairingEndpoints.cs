using System.Globalization;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Shared.Fleet;

namespace SignageKiosk.Controller.Pairing;

/// <summary>
/// /api/pairing: requests and polls are anonymous (a new kiosk has nothing else) and limited per address;
/// claiming is for administrators; confirm is the kiosk's first use of a freshly issued credential.
/// </summary>
public static class PairingEndpoints
{
    /// <summary>The answer to a kiosk's first use of a new credential: whose it is.</summary>
    public sealed record CredentialConfirmed(string KioskId);

    public static void MapPairingEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(FleetProtocol.PairingRequests, async (HttpContext http, PairingStore store, PairingRateLimiter limiter, CancellationToken ct) =>
        {
            if (!limiter.TryAcquire(PairingRateLimiter.Budget.Request, http, out var retryAfter))
            {
                return TooMany(http, retryAfter, "这个地址申请配对码过于频繁，请一分钟后再试 (too many pairing codes asked for from this address; wait a minute)");
            }
            var request = await RequestBody.ReadAsync<PairingRequest>(http, ct);
            var ticket = await store.CreateAsync(request, http.Connection.RemoteIpAddress?.ToString(), ct);
            return Results.Json(ticket, statusCode: StatusCodes.Status201Created);
        }).AllowAnonymous()
            .WithName("RequestPairingCode").WithTags("pairing").JsonBody(typeof(PairingRequest)).Produces<PairingTicket>(StatusCodes.Status201Created).Refusals();

        app.MapPost(FleetProtocol.PairingPoll, async (HttpContext http, PairingStore store, PairingRateLimiter limiter, CancellationToken ct) =>
        {
            if (!limiter.TryAcquire(PairingRateLimiter.Budget.Poll, http, out var retryAfter))
            {
                return TooMany(http, retryAfter, "这个地址查询过于频繁，请放慢查询 (polling too often from this address; slow down)");
            }
            var poll = await RequestBody.ReadAsync<PairingPoll>(http, ct);
            http.Response.Headers.CacheControl = "no-store";
            return Results.Ok(await store.PollAsync(poll.PollToken, ct));
        }).AllowAnonymous()
            .WithName("PollPairing").WithTags("pairing").JsonBody(typeof(PairingPoll)).Produces<PairingPollResult>(StatusCodes.Status200OK).Refusals()
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapPost(FleetProtocol.PairingClaim, async (HttpContext http, PairingStore store, CancellationToken ct) =>
        {
            var claim = await RequestBody.ReadAsync<PairingClaim>(http, ct);
            var claimed = await store.ClaimAsync(claim, http.User, http.Connection.RemoteIpAddress?.ToString(), ct);
            return claimed.Replaced ? Results.Ok(claimed) : Results.Created($"/api/kiosks/{claimed.KioskId}", claimed);
        }).RequireAuthorization(AuthPolicies.Admin)
            .WithName("ClaimPairingCode").WithTags("pairing").JsonBody(typeof(PairingClaim))
            .Produces<PairingStore.Claimed>(StatusCodes.Status201Created).Produces<PairingStore.Claimed>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        app.MapGet(FleetProtocol.PairingRequests, (PairingStore store, CancellationToken ct) => store.WaitingAsync(ct))
            .RequireAuthorization(AuthPolicies.Admin)
            .WithName("ListPairingRequests");

        // The work happened before authentication (CredentialRotationMiddleware); this only says it worked.
        app.MapPost(FleetProtocol.CredentialConfirm, (HttpContext http) => Results.Ok(new CredentialConfirmed(http.User.KioskId()!)))
            .RequireAuthorization(AuthPolicies.Kiosk)
            .WithName("ConfirmKioskCredential").WithTags("pairing").Produces<CredentialConfirmed>(StatusCodes.Status200OK);
    }

    /// <summary>What the kiosk's anonymous pairing calls may meet: a bad body, or too many calls from one address.</summary>
    private static RouteHandlerBuilder Refusals(this RouteHandlerBuilder builder) =>
        builder.ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    private static IResult TooMany(HttpContext http, TimeSpan retryAfter, string message)
    {
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return ApiProblem.Result(StatusCodes.Status429TooManyRequests, message);
    }
}
