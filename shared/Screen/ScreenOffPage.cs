using SignageKiosk.Shared.Board;

namespace SignageKiosk.Shared.Screen;

/// <summary>
/// What the board page shows outside its station's screen hours: black, edge to edge, and nothing to press. A
/// touch anywhere on it wakes the board (board.js). Its styles are in board.css (the Content-Security-Policy refuses a style element swapped in without a nonce).
/// </summary>
public static class ScreenOffPage
{
    public static string RenderBody(AccessibilitySettings? settings = null)
    {
        var text = BoardText.For((settings ?? AccessibilitySettings.Default).Language);
        var html = new HtmlWriter();
        html.Element("div", "screen-off", null, ("data-screen-off", "schedule"), ("role", "button"), ("aria-label", text.ScreenOffTouchToWake));
        return html.ToString();
    }

    /// <summary>The staff preview of a time outside the screen hours: the black page, with a line saying why (preview only).</summary>
    public static string RenderPreviewBody(AccessibilitySettings? settings = null)
    {
        var text = BoardText.For((settings ?? AccessibilitySettings.Default).Language);
        var html = new HtmlWriter();
        html.Raw(RenderBody(settings));
        html.Element("div", "preview-screen-off", text.PreviewScreenOff, ("data-preview", "screen-off"));
        return html.ToString();
    }
}
