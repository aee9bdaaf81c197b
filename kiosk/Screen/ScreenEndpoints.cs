using SignageKiosk.Kiosk.Board;

namespace SignageKiosk.Kiosk.Screen;

/// <summary><c>POST /screen/wake</c>: the black page was touched. Only from the board page this host served (its token), on loopback.</summary>
public static class ScreenEndpoints
{
    public static void MapScreenEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/screen/wake", (ScreenScheduler scheduler) =>
        {
            var woken = scheduler.Wake();
            return Results.Ok(new { woken, until = scheduler.WokenUntil });
        }).RequireBoardPage();
    }
}
