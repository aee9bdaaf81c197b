using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Shared.Print;
using SignageKiosk.Shared.Print.Skia;
using SignageKiosk.Controller.Observability;

namespace SignageKiosk.Controller.Print;

/// <summary>Paper layouts for staff: GET /api/print/roster/{buildingId}?format=pdf|png[&amp;page=N].</summary>
public static class PrintEndpoints
{
    public static IServiceCollection AddPrint(this IServiceCollection services)
    {
        // Typefaces and widths are cached for the process: one set of fonts, one renderer.
        services.AddSingleton(_ =>
        {
            var layout = PrintLayouts.Get(PrintLayouts.Roster);
            return new PrintFonts(layout.Fonts, layout.EmojiFont);
        });
        services.AddSingleton(sp => new RosterPrintRenderer(PrintLayouts.Get(PrintLayouts.Roster), sp.GetRequiredService<PrintFonts>()));
        services.AddSingleton<RosterPrint>();
        return services;
    }

    public static void MapPrintEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/print/roster/{buildingId}", async (string buildingId, string? format, int? page, HttpContext http, RosterPrint print, CancellationToken cancellationToken) =>
        {
            var file = await print.RenderAsync(http.User, buildingId, format, page, cancellationToken);
            return Results.File(file.Bytes, file.ContentType, file.FileName);
        }).RequireAuthorization(AuthPolicies.Staff).WithTags("print").TimedAsPrint("roster")
            .WithName("PrintRoster").FileAnswer("application/pdf", "image/png");
    }
}
