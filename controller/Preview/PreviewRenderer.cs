using System.Security.Claims;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Media;
using SignageKiosk.Controller.Places;
using SignageKiosk.Controller.Sync;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Screen;

namespace SignageKiosk.Controller.Preview;

/// <summary>Renders a kiosk's board as it will look at a given instant, from the records that kiosk receives.</summary>
public sealed class PreviewRenderer(KioskDirectory directory, SnapshotReader snapshots, MediaStore media)
{
    public async Task<string> RenderAsync(ClaimsPrincipal caller, string kioskId, DateTimeOffset at, string? layout, AccessibilitySettings settings, CancellationToken cancellationToken)
    {
        var placement = await directory.PlacementAsync(kioskId, cancellationToken) ?? throw ApiException.NotFound($"屏幕 {kioskId} 不存在 (kiosks/{kioskId} does not exist)");
        var role = caller.StaffRole() ?? throw ApiException.Forbidden("只有工作人员可以预览 (only staff may preview)");
        if (!StaffPermissions.InScope(role, caller.ScopePlaceId(), placement.Chain))
        {
            throw ApiException.Forbidden($"屏幕 {kioskId} 不在您的管辖范围内 (kiosk {kioskId} is outside your area)");
        }
        if (layout is not null && !BoardLayouts.Exists(layout))
        {
            throw ApiException.BadRequest($"不认识的版式“{layout}” (unknown layout '{layout}')", "layout");
        }
        var snapshot = await snapshots.ReadAsync(kioskId, placement.Chain, cancellationToken);
        var content = BoardContentBuilder.Build(snapshot.Items.Select(i => (i.Kind, i.Payload!.Value.GetRawText())), kioskId, await media.UploadedAsync(cancellationToken));
        // What the kiosk would show then: outside its station's screen hours (and with no emergency broadcast live) that is black.
        var screen = ScreenDecision.For(content.Station?.ScreenHours, new StationClock(content.Station?.TimeZone), at, null, content.Broadcasts);
        var body = screen.On
            ? BoardRenderer.RenderBody(BoardView.Evaluate(content, at), layout is null ? null : BoardLayouts.Get(layout), settings)
            : ScreenOffPage.RenderPreviewBody(settings);
        return BoardPage.Html(body, new BoardPageConfig { Preview = true }, settings);
    }
}
