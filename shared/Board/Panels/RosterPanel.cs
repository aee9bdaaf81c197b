using SignageKiosk.Shared.Roster;

namespace SignageKiosk.Shared.Board.Panels;

/// <summary>
/// 楼栋公示: first the 包栋联户 map (every building with its Party members, at a glance), then, one tap on
/// a building, its units and the people responsible for them, with role, photo, phone and Party badge.
/// </summary>
internal static class RosterPanel
{
    public const string Id = "roster";

    public static void Render(HtmlWriter html, BoardView view, BoardText text)
    {
        PanelFrame.Open(html, text, Id, text.Roster);

        html.Open("div", "roster-map", ("data-view", "map"));
        html.Element("h3", "section-title", text.BuildingMap);
        PanelFrame.OpenPaged(html, "buildings", "building-grid");
        foreach (var building in view.Buildings)
        {
            var members = building.Entries.Select(e => e.Person).DistinctBy(p => p.Id).Where(p => p.Party != PartyMembership.None).ToList();
            html.Open("button", "building-tile", ("type", "button"), ("data-action", "building"), ("data-building", building.Building.Id));
            html.Element("span", "building-name", building.Building.Name);
            html.Element("span", "building-count", text.PartyMembers(members.Count));
            html.Open("span", "building-members");
            foreach (var member in members.Take(3))
            {
                html.Open("span", "member");
                html.Element("span", "party-badge", "党", ("title", text.Party(member.Party)), ("aria-hidden", "true"));
                html.Text(member.Name);
                html.Close("span");
            }
            if (members.Count > 3)
            {
                html.Text("…");
            }
            html.Close("span");
            html.Close("button");
        }
        PanelFrame.ClosePaged(html, text, "buildings");
        html.Close("div");

        foreach (var building in view.Buildings)
        {
            RenderBuilding(html, building, text);
        }
        PanelFrame.Close(html);
    }

    private static void RenderBuilding(HtmlWriter html, BuildingRoster building, BoardText text)
    {
        var pager = "building-" + building.Building.Id;
        html.Open("div", "building-detail", ("data-building-detail", building.Building.Id), ("hidden", ""));
        html.Open("div", "detail-bar");
        html.Button("back-button", "map", "‹ " + text.Back);
        html.Element("h3", "detail-title", building.Building.Name);
        html.Element("span", "building-count", text.PartyMembers(building.PartyMembers));
        html.Close("div");
        PanelFrame.OpenPaged(html, pager, "roster-list");
        string? currentUnit = null;
        var first = true;
        foreach (var (entry, person, unit) in building.Entries)
        {
            var unitName = unit?.Name ?? text.WholeBuilding;
            if (first || unitName != currentUnit)
            {
                html.Element("h4", "unit-heading", unitName);
                currentUnit = unitName;
                first = false;
            }
            html.Open("div", "person" + (person.Party != PartyMembership.None ? " party" : ""), ("data-person-id", person.Id));
            if (person.Photo is { } photo)
            {
                html.Open("img", "photo", ("src", "/media/" + photo.Sha256), ("alt", ""));
            }
            html.Element("span", "role", text.Role(entry.Role));
            if (person.Party != PartyMembership.None)
            {
                html.Element("span", "party-badge", "党", ("title", text.Party(person.Party)), ("data-party", person.Party.ToString().ToLowerInvariant()));
            }
            html.Element("strong", "name", person.Name);
            var phone = PhoneMask.Display(person.Phone, person.PhonePublic);
            if (phone.Length > 0)
            {
                if (person.PhonePublic)
                {
                    html.Button("phone dial", "dial", phone, ("data-number", person.Phone), ("data-label", person.Name));
                }
                else
                {
                    html.Element("span", "phone masked", phone);
                }
            }
            html.Close("div");
        }
        PanelFrame.ClosePaged(html, text, pager);
        html.Close("div");
    }
}
