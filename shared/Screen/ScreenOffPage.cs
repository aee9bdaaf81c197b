using SignageKiosk.Shared.Board;

namespace SignageKiosk.Shared.Screen;

/// <summary>
/// What the board page shows outside its station's screen hours: black, edge to edge, and nothing to press. A
/// touch anywhere on it wakes the board (board.js). Its styles travel with it, like the pairing screen's.
/// </summary>
public static class ScreenOffPage
{
    private const string Styles =
        "<style>.screen-off{position:fixed;inset:0;background:#000;z-index:2147483000;cursor:none;touch-action:none}</style>";

    public static string RenderBody(AccessibilitySettings? settings = null)
    {
        var text = BoardText.For((settings ?? AccessibilitySettings.Default).Language);
        var html = new HtmlWriter();
        html.Raw(Styles);
        html.Element("div", "screen-off", null, ("data-screen-off", "schedule"), ("role", "button"), ("aria-label", text.ScreenOffTouchToWake));
        return html.ToString();
    }

    /// <summary>The staff preview of a time outside the screen hours: the black page, with a line saying why (preview only).</summary>
    public static string RenderPreviewBody(AccessibilitySettings? settings = null)
    {
        var text = BoardText.For((settings ?? AccessibilitySettings.Default).Language);
        var html = new HtmlWriter();
        html.Raw(RenderBody(settings));
        html.Raw("<style>.preview-screen-off{position:fixed;left:0;right:0;top:40%;z-index:2147483001;color:#bbb;font-size:32px;text-align:center}</style>");
        html.Element("div", "preview-screen-off", text.PreviewScreenOff, ("data-preview", "screen-off"));
        return html.ToString();
    }
}
