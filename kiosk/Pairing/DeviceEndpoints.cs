using System.Net;
using SignageKiosk.Kiosk.Board;

namespace SignageKiosk.Kiosk.Pairing;

/// <summary>The kiosk host's device routes: <c>PUT /screen {"off": true}</c> from whatever switches the screen, on loopback only.</summary>
public static class DeviceEndpoints
{
    public sealed record ScreenBody(bool? Off);

    public static void MapDeviceEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/screen", (ScreenState screen) => Results.Ok(new { off = screen.Off }));
        app.MapPut("/screen", async (HttpContext http, ScreenState screen, CancellationToken cancellationToken) =>
        {
            // The shell scripts send no Origin; a web page in the kiosk's browser (a rebound DNS name too) does.
            if (!LocalCaller.Is(http) || !BoardCaller.IsOwnOriginOrNone(http))
            {
                return Results.Json(new { error = "only this machine may say its screen is off" }, statusCode: StatusCodes.Status403Forbidden);
            }
            var body = await LocalCaller.ReadJsonOrNullAsync<ScreenBody>(http, cancellationToken);
            if (body?.Off is not { } off)
            {
                return Results.BadRequest(new { error = "send {\"off\": true} or {\"off\": false} as application/json" });
            }
            screen.Set(off);
            return Results.Ok(new { off = screen.Off });
        });
    }
}
