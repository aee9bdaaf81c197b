using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Settings;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Media;
using SignageKiosk.Shared.Print;
using SignageKiosk.Shared.Print.Skia;
using SignageKiosk.Controller.Observability;

namespace SignageKiosk.Controller.Print;

/// <summary>
/// Notices on paper and on phones: GET /api/print/notices/{id}?format=pdf|png[&amp;page=N] and
/// GET /api/posters/notices/{id} for staff; GET /n/{id} (and its picture) for anyone with the QR code.
/// </summary>
public static class NoticePrintEndpoints
{
    public static IServiceCollection AddNoticePrint(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCheckedOptions<PublicUrlOptions>(configuration, PublicUrlOptions.Section, o => o.Problem());
        // The fonts singleton of AddPrint is shared: one set of typefaces and widths for the process.
        services.AddSingleton(sp => new NoticePrintRenderer(PrintLayouts.Get(PrintLayouts.Notice), sp.GetRequiredService<PrintFonts>()));
        services.AddSingleton(sp => new NoticePosterRenderer(PrintLayouts.Get(PrintLayouts.Poster), sp.GetRequiredService<PrintFonts>()));
        services.AddSingleton<PublicNotices>();
        services.AddSingleton<NoticePrint>();
        return services;
    }

    public static void MapNoticePrintEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/print/notices/{id}", async (string id, string? format, int? page, HttpContext http, NoticePrint print, CancellationToken cancellationToken) =>
        {
            var file = await print.PrintAsync(http, id, format, page, cancellationToken);
            return Results.File(file.Bytes, file.ContentType, file.FileName);
        }).RequireAuthorization(AuthPolicies.Staff).WithTags("print").TimedAsPrint("notice")
            .WithName("PrintNotice").FileAnswer("application/pdf", "image/png");

        app.MapGet("/api/posters/notices/{id}", async (string id, HttpContext http, NoticePrint print, CancellationToken cancellationToken) =>
        {
            var file = await print.PosterAsync(http, id, cancellationToken);
            return Results.File(file.Bytes, file.ContentType, file.FileName);
        }).RequireAuthorization(AuthPolicies.Staff).WithTags("print").TimedAsPrint("poster")
            .WithName("NoticePoster").FileAnswer("application/pdf", "image/png");

        // Public and read-only: what a board shows now, nothing more (PublicNotices). Not part of the API document.
        app.MapGet("/n/{id}", async (string id, HttpContext http, PublicNotices notices, CancellationToken cancellationToken) =>
            PublicNoticePage.Result(http, await notices.FindAsync(id, cancellationToken)))
            .AllowAnonymous().ExcludeFromDescription();

        app.MapGet("/n/{id}/picture", async (string id, HttpContext http, PublicNotices notices, MediaStore media, CancellationToken cancellationToken) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            // Only pictures: a notice's image is never anything else, and nothing else is served here.
            if (await notices.FindAsync(id, cancellationToken) is not { Notice.Image: { } image }
                || !image.ContentType.StartsWith("image/", StringComparison.Ordinal) || Path.GetFullPath(media.PathOf(image.Sha256)) is var path && !File.Exists(path))
            {
                return PublicNoticePage.Result(http, null);
            }
            return Results.File(path, image.ContentType);
        }).AllowAnonymous().ExcludeFromDescription();
    }
}
