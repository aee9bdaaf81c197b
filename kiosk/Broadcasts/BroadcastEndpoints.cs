using SignageKiosk.Kiosk.Board;
using SignageKiosk.Kiosk.Cache;
using SignageKiosk.Shared.Board;

namespace SignageKiosk.Kiosk.Broadcasts;

/// <summary><c>POST /broadcasts/{id}/displayed</c>: the board page says it painted a broadcast. Only from the board page this host served.</summary>
public static class BroadcastEndpoints
{
    public static void MapBroadcastEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/broadcasts/{id}/displayed", (string id, KioskCache cache, BroadcastReports reports, TimeProvider time) =>
        {
            var now = time.GetUtcNow();
            // Only a broadcast this kiosk holds and that is live now can have been displayed.
            if (!cache.Content().Broadcasts.Any(b => b.Id == id && b.IsLiveAt(now)))
            {
                return Results.NotFound(new { error = $"no live broadcast {id} on this kiosk" });
            }
            reports.Displayed(id, now);
            return Results.NoContent();
        }).RequireBoardPage();
    }
}
