using System.Globalization;
using SignageKiosk.Shared.Hotlines;
using SignageKiosk.Shared.Roster;

namespace SignageKiosk.Shared.Board.Panels;

/// <summary>值班与热线: who is on duty right now, the 24-hour line, each building's steward, emergency numbers.</summary>
internal static class DutyPanel
{
    public const string Id = "duty";

    public static void Render(HtmlWriter html, BoardView view, BoardText text)
    {
        PanelFrame.Open(html, text, Id, text.DutyAndHotlines);
        html.Open("div", "duty-columns");

        html.Open("div", "duty-column");
        PanelFrame.OpenPaged(html, "duty-now", "duty-now");
        html.Element("h3", "section-title", text.OnDutyNow);
        OnDutyList(html, view, text, compact: false);
        html.Element("h3", "section-title", text.EmergencyNumbers);
        foreach (var hotline in view.Hotlines.Where(h => h.Category is HotlineCategory.Emergency or HotlineCategory.Public))
        {
            HotlineItem(html, hotline, text, "div");
        }
        PanelFrame.ClosePaged(html, text, "duty-now");
        html.Close("div");

        html.Open("div", "duty-column");
        html.Element("h3", "section-title", text.OtherHotlines);
        PanelFrame.OpenPaged(html, "hotlines", "hotline-list");
        foreach (var hotline in view.Hotlines.Where(h => h.Category is not (HotlineCategory.Emergency or HotlineCategory.Public)))
        {
            HotlineItem(html, hotline, text, "div");
        }
        foreach (var building in view.Buildings)
        {
            foreach (var (_, steward, _) in building.Entries.Where(e => e.Entry.Role == RosterRole.RedSteward).DistinctBy(e => e.Person.Id))
            {
                if (steward.PhonePublic && !string.IsNullOrEmpty(steward.Phone) && !view.Hotlines.Any(h => h.BuildingId == building.Building.Id))
                {
                    html.Open("div", "hotline steward", ("data-building", building.Building.Id));
                    html.Element("span", "name", $"{building.Building.Name} {text.Role(RosterRole.RedSteward)} {steward.Name}");
                    html.Button("number dial", "dial", steward.Phone, ("data-number", steward.Phone), ("data-label", steward.Name));
                    html.Close("div");
                }
            }
        }
        PanelFrame.ClosePaged(html, text, "hotlines");
        html.Close("div");

        html.Close("div");
        PanelFrame.Close(html);
    }

    public static void OnDutyList(HtmlWriter html, BoardView view, BoardText text, bool compact)
    {
        if (view.OnDuty.Count == 0)
        {
            var fallback = view.Hotlines.FirstOrDefault(h => h.Category == HotlineCategory.Property);
            html.Open("p", "empty nobody-on-duty");
            html.Text(text.NobodyOnDuty);
            if (fallback is not null)
            {
                html.Text(text.Lang == "en" ? $"; {text.PleaseCall} " : $"，{text.PleaseCall} ");
                html.Button("number dial", "dial", fallback.Number, ("data-number", fallback.Number), ("data-label", fallback.Name));
            }
            html.Close("p");
            return;
        }
        var tag = compact ? "li" : "div";
        if (compact)
        {
            html.Open("ul", "duty-list");
        }
        foreach (var shift in view.OnDuty.Take(compact ? 2 : 50))
        {
            html.Open(tag, "shift", ("data-shift-id", shift.Id));
            html.Element("span", "role", shift.Role);
            html.Element("strong", "name", shift.PersonName);
            if (!string.IsNullOrEmpty(shift.Phone) && !compact)
            {
                html.Button("number dial", "dial", shift.Phone, ("data-number", shift.Phone), ("data-label", shift.PersonName));
            }
            var until = (shift.End.Date > view.LocalNow.Date ? text.NextDay : "") + shift.End.ToString("HH:mm", CultureInfo.InvariantCulture);
            html.Element("span", "until", text.Until(until));
            if (!compact && !string.IsNullOrEmpty(shift.Location))
            {
                html.Element("span", "where", shift.Location);
            }
            html.Close(tag);
        }
        if (compact)
        {
            html.Close("ul");
        }
    }

    public static void HotlineItem(HtmlWriter html, Hotline hotline, BoardText text, string tag = "li")
    {
        html.Open(tag, "hotline " + hotline.Category.ToString().ToLowerInvariant(), ("data-hotline-id", hotline.Id));
        html.Element("span", "name", hotline.Name);
        html.Button("number dial", "dial", hotline.Number, ("data-number", hotline.Number), ("data-label", hotline.Name));
        if (!string.IsNullOrEmpty(hotline.Hours))
        {
            html.Element("span", "hours", hotline.Hours);
        }
        html.Close(tag);
    }
}
