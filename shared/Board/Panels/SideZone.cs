using SignageKiosk.Shared.Hotlines;

namespace SignageKiosk.Shared.Board.Panels;

/// <summary>Always in view: who is on duty now and the few numbers residents need most.</summary>
internal static class SideZone
{
    public static void Render(HtmlWriter html, BoardView view, BoardText text)
    {
        html.Open("section", "side-duty");
        html.Element("h2", "side-title", text.OnDutyNow);
        DutyPanel.OnDutyList(html, view, text, compact: true);
        html.Close("section");

        html.Open("section", "side-hotlines");
        html.Element("h2", "side-title", text.KeyHotlines);
        html.Open("ul", "hotline-list");
        foreach (var hotline in KeyHotlines(view))
        {
            DutyPanel.HotlineItem(html, hotline, text);
        }
        html.Close("ul");
        html.Close("section");
    }

    private static IEnumerable<Hotline> KeyHotlines(BoardView view) =>
        view.Hotlines.Where(h => h.Category == HotlineCategory.Property).Take(1)
            .Concat(view.Hotlines.Where(h => h.Category == HotlineCategory.Emergency).Take(1))
            .Concat(view.Hotlines.Where(h => h.Category == HotlineCategory.Public).Take(2));
}
