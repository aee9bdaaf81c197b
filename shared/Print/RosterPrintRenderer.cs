using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Print.Skia;
using SignageKiosk.Shared.Print.Table;
using SignageKiosk.Shared.Roster;

namespace SignageKiosk.Shared.Print;

/// <summary>
/// The printed 楼栋公示 of one building (content/layouts/print-roster.json): a title, who covers the building
/// (包栋联户), then a table of the people responsible for it — unit, role, name, Party badge and membership,
/// households, phone (masked unless public, as on the board). Drawn by <see cref="PrintTableRenderer"/>: the
/// table splits between rows and repeats its header on every page; nothing is clipped.
/// </summary>
public sealed class RosterPrintRenderer(PrintLayout layout, PrintFonts fonts)
{
    private readonly PrintTableRenderer _table = new(layout, fonts);
    private readonly BoardText _text = BoardText.Zh;

    public PrintLayout Layout => layout;

    /// <summary>Draws every page to a PDF.</summary>
    public PrintReport RenderPdf(RosterPrintRequest request, Stream output) => _table.RenderPdf(Table(request), output);

    /// <summary>Draws one page (from 1) to a PNG at <paramref name="dpi"/> (300 for print, 100 to look at).</summary>
    public PrintReport RenderPng(RosterPrintRequest request, int page, float dpi, Stream output) => _table.RenderPng(Table(request), page, dpi, output);

    /// <summary>The page count alone, without drawing.</summary>
    public int CountPages(RosterPrintRequest request) => _table.CountPages(Table(request));

    /// <summary>
    /// Who covers the building in 包栋联户: its Party members, as the board's map shows them, with the households
    /// each keeps in touch with when counted, the first <paramref name="most"/> named and the rest counted.
    /// Empty when the building has no Party member on its roster.
    /// </summary>
    public static string Covering(BuildingRoster building, int most = int.MaxValue)
    {
        var members = building.Entries
            .Where(e => e.Person.Party != PartyMembership.None)
            .GroupBy(e => e.Person.Id, StringComparer.Ordinal)
            .Select(g => (g.First().Person.Name, Households: g.Sum(e => e.Entry.Households ?? 0)))
            .Select(m => m.Households > 0 ? $"{m.Name}（联户 {m.Households}）" : m.Name)
            .ToList();
        return members.Count <= most ? string.Join("、", members) : $"{string.Join("、", members.Take(most))} 等 {members.Count} 名党员";
    }

    private PrintTable Table(RosterPrintRequest request)
    {
        // A short line: the table below names everyone.
        var covering = Covering(request.Building, most: 3);
        var subtitle = string.Join(" · ", new[] { request.PlaceLine, _text.PartyMembers(request.Building.PartyMembers), "打印于 " + _text.Date(request.PrintedOn.ToDateTime(TimeOnly.MinValue)) }
            .Where(s => !string.IsNullOrWhiteSpace(s)));
        if (covering.Length > 0)
        {
            subtitle += "\n包栋联户：" + covering;
        }
        return new PrintTable
        {
            Title = $"{request.Building.Building.Name} {_text.Roster}",
            Subtitle = subtitle,
            Footer = string.Join(" · ", new[] { request.StationName, "未公开的电话号码只显示后四位" }.Where(s => !string.IsNullOrWhiteSpace(s))),
            EmptyText = "本楼栋暂无登记人员",
            GroupColumn = "unit",
            Rows = request.Building.Entries.Select(e => Row(e.Entry, e.Person, e.Unit?.Name ?? _text.WholeBuilding)).ToList(),
        };
    }

    private PrintRow Row(RosterEntry entry, Person person, string unitName)
    {
        var party = person.Party != PartyMembership.None;
        return new PrintRow(new Dictionary<string, PrintCell>(StringComparer.Ordinal)
        {
            ["unit"] = new(unitName),
            ["role"] = new(_text.Role(entry.Role)),
            ["name"] = new(person.Name, Bold: true),
            ["party"] = new(_text.Party(person.Party), Badge: party),
            ["households"] = new(entry.Households is { } h ? h.ToString(System.Globalization.CultureInfo.InvariantCulture) : ""),
            ["phone"] = new(PhoneMask.Display(person.Phone, person.PhonePublic), Muted: true),
        });
    }
}
