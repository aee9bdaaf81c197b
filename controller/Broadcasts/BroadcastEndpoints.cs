using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Auth;

namespace SignageKiosk.Controller.Broadcasts;

/// <summary>
/// Emergency broadcasts are sent, listed and deleted like any content kind (<c>/api/broadcasts</c>); these add
/// clearing one early and the per-kiosk "displayed" list.
/// </summary>
public static class BroadcastEndpoints
{
    public static void MapBroadcastEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/broadcasts").RequireAuthorization(AuthPolicies.Staff).WithTags("broadcasts");

        group.MapPost("/{id}/clear", async (string id, HttpContext http, BroadcastDisplays displays, CancellationToken cancellationToken) =>
            await displays.ClearAsync(id, http.User, cancellationToken) is { } cleared
                ? Results.Ok(cleared)
                : ApiProblem.Result(StatusCodes.Status404NotFound, $"紧急通知 {id} 不存在 (broadcasts/{id} does not exist)"))
            .WithName("ClearBroadcast").Produces<Shared.Broadcasts.EmergencyBroadcast>(StatusCodes.Status200OK).ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{id}/displays", async (string id, HttpContext http, BroadcastDisplays displays, CancellationToken cancellationToken) =>
            await displays.StatusAsync(id, http.User, cancellationToken) is { } status
                ? Results.Ok(status)
                : ApiProblem.Result(StatusCodes.Status404NotFound, $"紧急通知 {id} 不存在 (broadcasts/{id} does not exist)"))
            .WithName("GetBroadcastDisplays").Produces<BroadcastStatus>(StatusCodes.Status200OK).ProducesProblem(StatusCodes.Status404NotFound);
    }
}
