using SignageKiosk.Shared.Notices;

namespace SignageKiosk.Shared.Board.Panels;

/// <summary>Pinned and urgent notices, one at a time (a calm rotation rather than a crawl).</summary>
internal static class TickerZone
{
    public static void Render(HtmlWriter html, BoardView view, BoardText text)
    {
        html.Open("div", "ticker", ("data-ticker", ""));
        foreach (var notice in view.Notices.Where(n => n.Priority != NoticePriority.Normal))
        {
            html.Open("button", "ticker-item " + notice.Priority.ToString().ToLowerInvariant(),
                ("type", "button"), ("data-action", "notice"), ("data-notice", notice.Id), ("data-notice-id", notice.Id));
            html.Element("span", "tag", text.Priority(notice.Priority));
            html.Text(notice.Title);
            html.Close("button");
        }
        html.Close("div");
    }
}
