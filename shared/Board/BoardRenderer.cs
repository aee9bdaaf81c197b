using SignageKiosk.Shared.Board.Panels;

namespace SignageKiosk.Shared.Board;

/// <summary>
/// Turns layout + content (as a <see cref="BoardView"/> at one instant) + accessibility settings into the
/// board's HTML. The kiosk serves it; the controller's preview uses the same call. Every screen (home and
/// the five panels) is in the document; the page's script only chooses which one is visible.
/// </summary>
public static class BoardRenderer
{
    public static readonly string[] Panels = [RosterPanel.Id, ActivitiesPanel.Id, DutyPanel.Id, NoticesPanel.Id, SuppliesPanel.Id, WishesPanel.Id];

    /// <summary>The board's inner HTML, swapped into the page on every change.</summary>
    public static string RenderBody(BoardView view, BoardLayout? layout = null, AccessibilitySettings? settings = null)
    {
        layout ??= BoardLayouts.Get(view.Station?.Layout);
        settings ??= AccessibilitySettings.Default;
        var text = BoardText.For(settings.Language);
        var html = new HtmlWriter();
        html.Open("div", "board layout-" + layout.Id, ("data-layout", layout.Id), ("style", GridStyle(layout)));

        Zone(html, layout, "header");
        HeaderZone.Render(html, view, text);
        html.Close("header");

        Zone(html, layout, "main");
        HomeScreen.Render(html, view, text);
        RosterPanel.Render(html, view, text);
        ActivitiesPanel.Render(html, view, text);
        DutyPanel.Render(html, view, text);
        NoticesPanel.Render(html, view, text);
        SuppliesPanel.Render(html, view, text);
        WishesPanel.Render(html, view, text);
        ReportPanel.Render(html, view, text);
        ReportLookupPanel.Render(html, text);
        html.Close("main");

        Zone(html, layout, "side");
        SideZone.Render(html, view, text);
        html.Close("aside");

        Zone(html, layout, "ticker");
        TickerZone.Render(html, view, text);
        html.Close("footer");

        AccessibilityOverlay.Render(html, settings, text);
        html.Open("div", "overlay", ("data-overlay", "dial"), ("data-scan", text.ScanToDial), ("data-close", text.Close), ("hidden", ""));
        html.Close("div");
        BroadcastOverlay.Render(html, view, text, new StationClock(view.Station?.TimeZone));
        html.Close("div");
        return html.ToString();
    }

    private static void Zone(HtmlWriter html, BoardLayout layout, string name)
    {
        var zone = layout.Zone(name) ?? new LayoutZone { Name = name };
        var tag = name switch
        {
            "header" => "header",
            "main" => "main",
            "side" => "aside",
            _ => "footer",
        };
        html.Open(tag, "zone zone-" + name, ("data-zone", name),
            ("style", $"grid-column:{zone.Column} / span {zone.ColumnSpan};grid-row:{zone.Row} / span {zone.RowSpan}"));
    }

    private static string GridStyle(BoardLayout layout) =>
        $"grid-template-columns:{string.Join(' ', layout.Columns)};grid-template-rows:{string.Join(' ', layout.Rows)}";

    /// <summary>Attributes for the page's root element, so a preview renders in the chosen scheme and size.</summary>
    public static string RootAttributes(AccessibilitySettings settings) =>
        $"lang=\"{BoardText.For(settings.Language).Lang}\" data-size=\"{AccessibilitySettings.Name(settings.TextSize)}\" data-scheme=\"{AccessibilitySettings.Name(settings.Scheme)}\"";
}
