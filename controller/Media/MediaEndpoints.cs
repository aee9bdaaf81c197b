using Microsoft.AspNetCore.Http.Features;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Auth;

namespace SignageKiosk.Controller.Media;

public static class MediaEndpoints
{
    public const string StaffOrKiosk = "StaffOrKiosk";

    public static void MapMediaEndpoints(this IEndpointRouteBuilder app)
    {
        // Upload: the raw bytes as the body, the type in Content-Type, an optional ?name=.
        app.MapPost("/api/media", async (HttpContext http, MediaStore store, string? name, CancellationToken cancellationToken) =>
        {
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = MediaStore.MaxBytes;
            }
            var type = http.Request.ContentType?.Split(';')[0].Trim() ?? throw new ApiException(StatusCodes.Status415UnsupportedMediaType, "请在 Content-Type 中注明文件类型 (send the file's type in Content-Type)");
            var media = await store.SaveAsync(http.Request.Body, type, name, http.User.Actor(), cancellationToken);
            return Results.Created($"/api/media/{media.Sha256}", media);
        }).RequireAuthorization(AuthPolicies.Staff)
            .WithName("UploadMedia").WithTags("media").WithSummary("Upload a picture: the raw bytes as the body, its type in Content-Type, an optional ?name=")
            .FileBody(MediaStore.AllowedTypes.Order(StringComparer.Ordinal))
            .Produces<Shared.Media.MediaRef>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        // Download with Range support, so a kiosk on a poor line resumes instead of starting over.
        app.MapGet("/api/media/{sha256}", async (string sha256, HttpContext http, MediaStore store, KioskMediaAccess kiosks, StaffMediaAccess staff, CancellationToken cancellationToken) =>
        {
            var media = await store.FindAsync(sha256, cancellationToken);
            var path = store.PathOf(sha256);
            // A kiosk, or staff of another area, is told "does not exist" for a file none of its items uses: whether it
            // exists elsewhere is not its business.
            var hidden = media is not null && (http.User.KioskId() is { } kioskId
                ? !await kiosks.MayFetchAsync(kioskId, sha256, cancellationToken)
                : !await staff.MayFetchAsync(http.User, sha256, cancellationToken));
            return media is null || hidden || !File.Exists(path)
                ? ApiProblem.Result(StatusCodes.Status404NotFound, $"图片 {sha256} 不存在 (media {sha256} does not exist)")
                : Results.File(path, media.ContentType, enableRangeProcessing: true);
        }).RequireAuthorization(StaffOrKiosk)
            .WithName("GetMedia").FileAnswer([.. MediaStore.AllowedTypes.Order(StringComparer.Ordinal)]).ProducesProblem(StatusCodes.Status404NotFound);
    }
}
