namespace SignageKiosk.Shared.Board.Panels;

/// <summary>The home screen: one large tile per panel, each one tap away.</summary>
internal static class HomeScreen
{
    public static void Render(HtmlWriter html, BoardView view, BoardText text)
    {
        html.Open("section", "screen home", ("data-screen", "home"));
        html.Open("div", "tiles");
        Tile(html, RosterPanel.Id, text.Roster, text.RosterHint, "楼");
        Tile(html, ActivitiesPanel.Id, text.Activities, Count(view.Activities.Count(o => !o.Cancelled && o.Start.Date == view.LocalNow.Date), text.Today, text) ?? text.ActivitiesHint, "活");
        Tile(html, DutyPanel.Id, text.DutyAndHotlines, text.DutyHint, "值");
        // The notices tile shows the first notice's title: that counts as showing it (proof of display).
        Tile(html, NoticesPanel.Id, text.Notices, view.Notices.Count > 0 ? view.Notices[0].Title : text.NoNotices, "告", view.Notices.FirstOrDefault()?.Id);
        Tile(html, SuppliesPanel.Id, text.Supplies, text.SuppliesHint, "急");
        Tile(html, WishesPanel.Id, WishesPanel.Title(text), WishesPanel.Hint(view, text), "愿");
        Tile(html, ReportPanel.Id, text.Report, text.ReportHint, "诉");
        html.Close("div");
        html.Close("section");
    }

    private static string? Count(int count, string label, BoardText text) =>
        count == 0 ? null : text.Lang == "en" ? $"{label}: {count}" : $"{label} {count} 项";

    private static void Tile(HtmlWriter html, string panel, string title, string hint, string glyph, string? noticeId = null)
    {
        html.Open("button", "tile tile-" + panel, ("type", "button"), ("data-action", "open"), ("data-target", panel));
        html.Element("span", "tile-glyph", glyph, ("aria-hidden", "true"));
        html.Element("span", "tile-title", title);
        html.Element("span", "tile-hint", hint, ("data-notice-id", noticeId));
        html.Close("button");
    }
}
