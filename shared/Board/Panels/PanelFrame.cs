namespace SignageKiosk.Shared.Board.Panels;

/// <summary>What every panel shares: a home button and the panel's title; lists that page instead of scrolling.</summary>
internal static class PanelFrame
{
    public static void Open(HtmlWriter html, BoardText text, string id, string title)
    {
        html.Open("section", "screen panel panel-" + id, ("data-screen", id), ("hidden", ""));
        html.Open("div", "panel-bar");
        html.Button("home-button", "home", "‹ " + text.Home);
        html.Element("h2", "panel-title", title);
        html.Close("div");
        html.Open("div", "panel-body");
    }

    public static void Close(HtmlWriter html)
    {
        html.Close("div");
        html.Close("section");
    }

    /// <summary>
    /// A list the page splits into pages that fit its box (there are no scroll bars on a board). Its
    /// direct children are the items; the pager under it shows "1 / 3" with large previous/next buttons.
    /// </summary>
    public static void OpenPaged(HtmlWriter html, string name, string cssClass = "") =>
        html.Open("div", ("paged " + cssClass).Trim(), ("data-pager", name));

    public static void ClosePaged(HtmlWriter html, BoardText text, string name)
    {
        html.Close("div");
        html.Open("div", "pager", ("data-pager-for", name));
        html.Button("pager-button", "page-prev", "‹ " + text.Previous, ("data-pager", name));
        html.Element("span", "page-count", "1 / 1");
        html.Button("pager-button", "page-next", text.Next + " ›", ("data-pager", name));
        html.Close("div");
    }
}
