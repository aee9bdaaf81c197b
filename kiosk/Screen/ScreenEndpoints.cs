namespace SignageKiosk.Kiosk.Screen;

/// <summary><c>POST /screen/wake</c>: the black page was touched. On loopback only, like <c>PUT /screen</c>: the board page on this machine.</summary>
public static class ScreenEndpoints
{
    public static void MapScreenEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/screen/wake", (HttpContext http, ScreenScheduler scheduler) =>
        {
            if (!LocalCaller.Is(http))
            {
                return Results.Json(new { error = "only this machine's board may wake its screen" }, statusCode: StatusCodes.Status403Forbidden);
            }
            var woken = scheduler.Wake();
            return Results.Ok(new { woken, until = scheduler.WokenUntil });
        });
    }
}
