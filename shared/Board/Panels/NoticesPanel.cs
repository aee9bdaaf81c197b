using SignageKiosk.Shared.Notices;

namespace SignageKiosk.Shared.Board.Panels;

/// <summary>通知公告: urgent first and highlighted, then pinned, then the rest; a tap opens the whole notice with a QR code.</summary>
internal static class NoticesPanel
{
    public const string Id = "notices";

    public static void Render(HtmlWriter html, BoardView view, BoardText text)
    {
        PanelFrame.Open(html, text, Id, text.Notices);
        html.Open("div", "notice-index", ("data-view", "list"));
        if (view.Notices.Count == 0)
        {
            html.Element("p", "empty", text.NoNotices);
        }
        PanelFrame.OpenPaged(html, "notices", "notice-list");
        foreach (var notice in view.Notices)
        {
            html.Open("button", "notice " + notice.Priority.ToString().ToLowerInvariant(),
                ("type", "button"), ("data-action", "notice"), ("data-notice", notice.Id), ("data-notice-id", notice.Id));
            if (text.Priority(notice.Priority) is { Length: > 0 } tag)
            {
                html.Element("span", "tag", tag);
            }
            html.Element("span", "notice-title", notice.Title);
            html.Element("span", "notice-summary", notice.Body);
            html.Close("button");
        }
        PanelFrame.ClosePaged(html, text, "notices");
        html.Close("div");

        foreach (var notice in view.Notices)
        {
            html.Open("article", "notice-detail " + notice.Priority.ToString().ToLowerInvariant(), ("data-notice-detail", notice.Id), ("data-notice-id", notice.Id), ("hidden", ""));
            html.Open("div", "detail-bar");
            html.Button("back-button", "notices-list", "‹ " + text.Back);
            if (text.Priority(notice.Priority) is { Length: > 0 } tag)
            {
                html.Element("span", "tag", tag);
            }
            html.Element("h3", "detail-title", notice.Title);
            html.Close("div");
            html.Open("div", "detail-columns");
            PanelFrame.OpenPaged(html, "notice-" + notice.Id, "notice-body");
            foreach (var paragraph in notice.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                html.Element("p", null, paragraph);
            }
            if (notice.Image is { } image)
            {
                html.Open("img", "notice-image", ("src", "/media/" + image.Sha256), ("alt", ""));
            }
            PanelFrame.ClosePaged(html, text, "notice-" + notice.Id);
            html.Open("figure", "qr");
            html.Open("img", "qr-code", ("data-src", "/qr/notice/" + notice.Id), ("alt", text.ScanToRead));
            html.Element("figcaption", null, text.ScanToRead);
            html.Close("figure");
            html.Close("div");
            html.Close("article");
        }
        PanelFrame.Close(html);
    }
}
