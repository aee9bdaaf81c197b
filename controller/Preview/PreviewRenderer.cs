using System.Data.Common;
using System.Security.Claims;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Places;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Controller.Sync;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Screen;

namespace SignageKiosk.Controller.Preview;

/// <summary>Renders a kiosk's board as it will look at a given instant, from the records that kiosk receives.</summary>
public sealed class PreviewRenderer(KioskDirectory directory, SnapshotReader snapshots, ControllerDb db)
{
    public async Task<string> RenderAsync(ClaimsPrincipal caller, string kioskId, DateTimeOffset at, string? layout, AccessibilitySettings settings, CancellationToken cancellationToken)
    {
        var placement = await directory.PlacementAsync(kioskId, cancellationToken) ?? throw ApiException.NotFound($"kiosks/{kioskId} does not exist");
        var role = caller.StaffRole() ?? throw ApiException.Forbidden("only staff may preview");
        if (!StaffPermissions.InScope(role, caller.ScopePlaceId(), placement.Chain))
        {
            throw ApiException.Forbidden($"kiosk {kioskId} is outside your area");
        }
        if (layout is not null && !BoardLayouts.Exists(layout))
        {
            throw ApiException.BadRequest($"unknown layout '{layout}'", "layout");
        }
        var snapshot = await snapshots.ReadAsync(kioskId, placement.Chain, cancellationToken);
        var content = BoardContentBuilder.Build(snapshot.Items.Select(i => (i.Kind, i.Payload!.Value.GetRawText())), kioskId, await UploadedMediaAsync(cancellationToken));
        // What the kiosk would show then: outside its station's screen hours (and with no emergency broadcast live) that is black.
        var screen = ScreenDecision.For(content.Station?.ScreenHours, new StationClock(content.Station?.TimeZone), at, null, content.Broadcasts);
        var body = screen.On
            ? BoardRenderer.RenderBody(BoardView.Evaluate(content, at), layout is null ? null : BoardLayouts.Get(layout), settings)
            : ScreenOffPage.RenderPreviewBody(settings);
        return BoardPage.Html(body, new BoardPageConfig { Preview = true }, settings);
    }

    private async Task<HashSet<string>> UploadedMediaAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT sha256 FROM media;");
        var result = new HashSet<string>(StringComparer.Ordinal);
        await using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(reader.GetString(0));
        }
        return result;
    }
}
