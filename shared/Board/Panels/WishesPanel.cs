using SignageKiosk.Shared.Wishes;

namespace SignageKiosk.Shared.Board.Panels;

/// <summary>
/// 微心愿: residents' small wishes staff posted for them (never who they are). Open ones first, each with a QR code
/// to claim it on a phone (when the board knows the controller's public address); then claimed ones with the
/// claimant's masked name and, for a confirmed Party member, the Party badge; then recently fulfilled ones.
/// </summary>
internal static class WishesPanel
{
    public const string Id = "wishes";

    // The panel's own words here rather than in BoardText, so that this feature is one file on the board side.
    public static string Title(BoardText text) => T(text, "微心愿", "Micro-wishes");
    public static string Hint(BoardView view, BoardText text)
    {
        var open = view.Wishes.Count(w => w.State == WishState.Open);
        return open == 0 ? T(text, "邻里互助 · 认领心愿", "Help a neighbour") : T(text, $"待认领 {open} 个", $"{open} waiting for a helper");
    }

    public static void Render(HtmlWriter html, BoardView view, BoardText text)
    {
        PanelFrame.Open(html, text, Id, Title(text));
        if (view.Wishes.Count == 0)
        {
            html.Element("p", "empty", T(text, "暂无微心愿", "No wishes at the moment"));
        }
        PanelFrame.OpenPaged(html, "wishes", "wish-list");
        foreach (var wish in view.Wishes)
        {
            var state = wish.State.ToString().ToLowerInvariant();
            html.Open("article", "wish wish-" + state, ("data-wish-id", wish.Id), ("data-wish-state", state));
            html.Open("div", "wish-text");
            html.Open("div", "wish-head");
            html.Element("span", "tag wish-category", Category(wish.Category, text));
            html.Element("strong", "wish-title", wish.Title);
            html.Close("div");
            if (!string.IsNullOrWhiteSpace(wish.Details))
            {
                html.Element("p", "wish-details", wish.Details);
            }
            html.Open("p", "wish-status");
            html.Element("span", "wish-state", State(wish.State, text));
            switch (wish.State)
            {
                case WishState.Open:
                    html.Text(" · " + T(text, "发布于 ", "posted ") + Date(wish.PostedOn, text));
                    break;
                default:
                    if (wish.ClaimedBy is { } claimant)
                    {
                        html.Text(" · " + (wish.State == WishState.Fulfilled ? T(text, "感谢 ", "thanks to ") : T(text, "认领人 ", "by ")));
                        html.Open("span", "wish-claimant");
                        if (wish.ClaimedByPartyMember)
                        {
                            html.Element("span", "party-badge", "党", ("title", T(text, "党员", "Party member")), ("data-party", "confirmed"));
                        }
                        html.Element("strong", "name", claimant);
                        html.Close("span");
                    }
                    if (wish.State == WishState.Fulfilled && wish.FulfilledOn is { } done)
                    {
                        html.Text(" · " + Date(done, text) + T(text, "实现", " fulfilled"));
                    }
                    break;
            }
            html.Close("p");
            html.Close("div");
            if (wish.State == WishState.Open && view.WishQrCodes)
            {
                html.Open("figure", "qr wish-qr");
                html.Open("img", "qr-code", ("src", "/qr/wish/" + Uri.EscapeDataString(wish.Id)), ("alt", T(text, "扫码认领这个心愿", "Scan to offer help")));
                html.Element("figcaption", null, T(text, "扫码认领", "Scan to help"));
                html.Close("figure");
            }
            html.Close("article");
        }
        PanelFrame.ClosePaged(html, text, "wishes");
        PanelFrame.Close(html);
    }

    private static string Category(WishCategory category, BoardText text) => text.Lang == "en"
        ? category switch
        {
            WishCategory.Groceries => "Groceries",
            WishCategory.Tutoring => "Tutoring",
            WishCategory.Companionship => "Company",
            WishCategory.Repair => "Repair",
            _ => "Other",
        }
        : WishRules.CategoryName(category);

    private static string State(WishState state, BoardText text) => text.Lang == "en"
        ? state switch { WishState.Claimed => "Claimed", WishState.Fulfilled => "Fulfilled", _ => "Open" }
        : WishRules.StateName(state);

    private static string Date(DateOnly date, BoardText text) =>
        text.Lang == "en" ? date.ToString("d MMM", System.Globalization.CultureInfo.InvariantCulture) : WishRules.ShortDate(date);

    private static string T(BoardText text, string zh, string en) => text.Lang == "en" ? en : zh;
}
