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
}
