using System.Globalization;
using Microsoft.Data.Sqlite;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Places;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Controller.Sync;
using SignageKiosk.Shared.Board;

namespace SignageKiosk.Controller.Preview;

/// <summary>
/// Shows staff exactly what a kiosk will show, at a chosen time, through the same renderer the kiosk uses
/// and the same records the kiosk receives.
/// </summary>
public static class PreviewEndpoints
{
    public static void MapPreviewEndpoints(this IEndpointRouteBuilder app)
    {
        // The board's stylesheet and scripts: public, the same bytes the kiosks serve.
        app.MapGet("/assets/{name}", (string name) => BoardAssets.Find(name) is { } text
            ? Results.Text(text, BoardAssets.ContentType(name))
            : Results.NotFound());

        app.MapGet("/api/preview/{kioskId}", async (string kioskId, string? at, string? layout, string? lang, string? scheme, string? size,
            HttpContext http, KioskDirectory directory, SnapshotReader snapshots, ControllerDb db, TimeProvider time, CancellationToken cancellationToken) =>
        {
            var placement = await directory.PlacementAsync(kioskId, cancellationToken) ?? throw ApiException.NotFound($"kiosks/{kioskId} does not exist");
            var role = http.User.StaffRole()!.Value;
            if (!StaffPermissions.InScope(role, http.User.ScopePlaceId(), placement.Chain))
            {
                throw ApiException.Forbidden($"kiosk {kioskId} is outside your area");
            }
            var when = time.GetUtcNow();
            if (!string.IsNullOrEmpty(at) && !DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out when))
            {
                throw ApiException.BadRequest("'at' must be a date and time with an offset, e.g. 2026-11-23T20:00:00+08:00", "at");
            }
            if (layout is not null && !BoardLayouts.Exists(layout))
            {
                throw ApiException.BadRequest($"unknown layout '{layout}'", "layout");
            }
            var snapshot = await snapshots.ReadAsync(kioskId, placement.Chain, cancellationToken);
            var uploaded = await UploadedMediaAsync(db, cancellationToken);
            var content = BoardContentBuilder.Build(snapshot.Items.Select(i => (i.Kind, i.Payload!.Value.GetRawText())), kioskId, uploaded);
            var settings = AccessibilitySettings.Parse(size, scheme, lang, null);
            var view = BoardView.Evaluate(content, when);
            var body = BoardRenderer.RenderBody(view, layout is null ? null : BoardLayouts.Get(layout), settings);
            return Results.Content(BoardPage.Html(body, new BoardPageConfig { Preview = true }, settings), "text/html; charset=utf-8");
        }).RequireAuthorization(AuthPolicies.Staff);
    }

    private static async Task<HashSet<string>> UploadedMediaAsync(ControllerDb db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT sha256 FROM media;");
        var result = new HashSet<string>(StringComparer.Ordinal);
        await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(reader.GetString(0));
        }
        return result;
    }
}
