using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Shared.Print;
using SignageKiosk.Shared.Print.Skia;
using SignageKiosk.Controller.Observability;

namespace SignageKiosk.Controller.Print;

/// <summary>
/// GET /api/print/duty/{placeId}?week=YYYY-MM-DD (a station, community or compound; the week holding that day)
/// and GET /api/print/overview/{compoundId}, both ?format=pdf|png[&amp;page=N].
/// </summary>
public static class DutyPrintEndpoints
{
    public static IServiceCollection AddDutyPrint(this IServiceCollection services)
    {
        // The fonts are the roster print's (one PrintFonts for the process, registered by AddPrint).
        services.AddSingleton(sp => new DutyPrintRenderer(PrintLayouts.Get(PrintLayouts.Duty), sp.GetRequiredService<PrintFonts>()));
        services.AddSingleton(sp => new OverviewPrintRenderer(PrintLayouts.Get(PrintLayouts.Overview), sp.GetRequiredService<PrintFonts>()));
        services.AddSingleton<DutyPrint>();
        services.AddSingleton<OverviewPrint>();
        return services;
    }

    public static void MapDutyPrintEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/print/duty/{placeId}", async (string placeId, string? week, string? format, int? page, HttpContext http, DutyPrint print, CancellationToken cancellationToken) =>
        {
            var file = await print.RenderAsync(http.User, placeId, week, format, page, cancellationToken);
            return Results.File(file.Bytes, file.ContentType, file.FileName);
        }).RequireAuthorization(AuthPolicies.Staff).WithTags("print").TimedAsPrint("duty")
            .WithName("PrintDuty").FileAnswer("application/pdf", "image/png");
        app.MapGet("/api/print/overview/{compoundId}", async (string compoundId, string? format, int? page, HttpContext http, OverviewPrint print, CancellationToken cancellationToken) =>
        {
            var file = await print.RenderAsync(http.User, compoundId, format, page, cancellationToken);
            return Results.File(file.Bytes, file.ContentType, file.FileName);
        }).RequireAuthorization(AuthPolicies.Staff).WithTags("print").TimedAsPrint("overview")
            .WithName("PrintOverview").FileAnswer("application/pdf", "image/png");
    }
}
