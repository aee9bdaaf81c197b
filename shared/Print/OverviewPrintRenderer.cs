using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Print.Skia;
using SignageKiosk.Shared.Print.Table;
using SignageKiosk.Shared.Roster;

namespace SignageKiosk.Shared.Print;

/// <summary>
/// The printed 包栋联户 overview of a compound (content/layouts/print-overview.json, A3 landscape): a row per
/// building with its heads (楼栋长, 单元长, 党员中心户长), its other staff, its Party members with the badge, and
/// who covers it (its Party members and their households). Phones masked unless public, as on the board.
/// </summary>
public sealed class OverviewPrintRenderer(PrintLayout layout, PrintFonts fonts)
{
    private static readonly HashSet<RosterRole> Heads = [RosterRole.BuildingHead, RosterRole.UnitHead, RosterRole.PartyHouseholdHead];

    private readonly PrintTableRenderer _table = new(layout, fonts);
    private readonly BoardText _text = BoardText.Zh;

    public PrintLayout Layout => layout;

    public PrintReport RenderPdf(OverviewPrintRequest request, Stream output) => _table.RenderPdf(Table(request), output);

    public PrintReport RenderPng(OverviewPrintRequest request, int page, float dpi, Stream output) => _table.RenderPng(Table(request), page, dpi, output);

    public int CountPages(OverviewPrintRequest request) => _table.CountPages(Table(request));

    private PrintTable Table(OverviewPrintRequest request)
    {
        var members = request.Buildings.SelectMany(b => b.Entries).Select(e => e.Person).Where(p => p.Party != PartyMembership.None).DistinctBy(p => p.Id).Count();
        var households = request.Buildings.SelectMany(b => b.Entries).Sum(e => e.Entry.Households ?? 0);
        var subtitle = string.Join(" · ", new[]
        {
            request.PlaceLine, $"楼栋 {request.Buildings.Count} 栋", _text.PartyMembers(members), households > 0 ? $"联户 {households} 户" : null,
            "打印于 " + _text.Date(request.PrintedOn.ToDateTime(TimeOnly.MinValue)),
        }.Where(s => !string.IsNullOrWhiteSpace(s)));
        return new PrintTable
        {
            Title = $"{request.CompoundName} 党员包栋联户一览",
            Subtitle = subtitle,
            Footer = string.Join(" · ", new[] { request.StationName, "未公开的电话号码只显示后四位" }.Where(s => !string.IsNullOrWhiteSpace(s))),
            EmptyText = "本小区暂无楼栋",
            Rows = request.Buildings.Select(Row).ToList(),
        };
    }

    private PrintRow Row(BuildingRoster building)
    {
        string Person((RosterEntry Entry, Person Person, Shared.Places.Place? Unit) e)
        {
            var phone = PhoneMask.Display(e.Person.Phone, e.Person.PhonePublic);
            var unit = e.Unit is null ? "" : $"（{e.Unit.Name}）";
            return $"{_text.Role(e.Entry.Role)} {e.Person.Name}{unit}" + (phone.Length > 0 ? " " + phone : "");
        }
        var heads = building.Entries.Where(e => Heads.Contains(e.Entry.Role)).Select(Person);
        var others = building.Entries.Where(e => !Heads.Contains(e.Entry.Role)).Select(Person);
        var covering = RosterPrintRenderer.Covering(building);
        var households = building.Entries.Sum(e => e.Entry.Households ?? 0);
        return new PrintRow(new Dictionary<string, PrintCell>(StringComparer.Ordinal)
        {
            ["building"] = new(building.Building.Name, Bold: true),
            ["heads"] = new(string.Join("\n", heads.DefaultIfEmpty("—"))),
            ["staff"] = new(string.Join("\n", others.DefaultIfEmpty("—"))),
            ["party"] = building.PartyMembers > 0 ? new($"{building.PartyMembers} 名", Bold: true, Badge: true) : new("无", Muted: true),
            ["covering"] = new(covering.Length > 0 ? covering.Replace("、", "\n", StringComparison.Ordinal) : "—"),
            ["households"] = new(households > 0 ? $"{households} 户" : "—"),
        });
    }
}
