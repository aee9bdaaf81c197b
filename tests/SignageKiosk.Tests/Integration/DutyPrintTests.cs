using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Duty;
using SignageKiosk.Shared.Holidays;
using SignageKiosk.Shared.Places;
using SignageKiosk.Shared.Print;
using SignageKiosk.Shared.Print.Skia;
using SignageKiosk.Shared.Roster;
using SignageKiosk.Tests.Support;
using Xunit.Abstractions;
using static SignageKiosk.Tests.Integration.PdfTools;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// The printed 值班表 (A4, one week) and the 包栋联户 overview (A3), read back with poppler as a person would, the
/// week decided by <see cref="DutyWeek"/> as the board decides who is on duty (instants, station time zone).
/// </summary>
public sealed class DutyPrintTests(ITestOutputHelper output)
{
    private static readonly PrintFonts Fonts = new(PrintLayouts.Get(PrintLayouts.Duty).Fonts, PrintLayouts.Get(PrintLayouts.Duty).EmojiFont);
    private static readonly DateOnly Monday = new(2026, 9, 28);
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"];
    private static readonly string[] Given = ["秀英", "建国", "桂兰", "志强", "海燕", "卫东", "淑珍", "国庆", "丽华", "小军", "红梅", "德胜", "春生"];

    /// <summary>Different for every i below 260 (20 × 13, coprime steps).</summary>
    private static string Name(int i) => Surnames[i % Surnames.Length] + Given[i * 7 % Given.Length];

    private static DutyShift Shift(int i, DateTime start, double hours, string role = "值班员", string? personId = null, string? phone = null, string? location = "应急服务站") => new()
    {
        Id = $"d{i:D3}", Target = ItemTarget.Place("compound"), PersonName = Name(i), Role = role, PersonId = personId,
        Phone = phone ?? $"1390000{i:D4}", Start = start, End = start.AddHours(hours), Location = location,
    };

    private static DutyPrintRenderer Renderer() => new(PrintLayouts.Get(PrintLayouts.Duty), Fonts);

    private static DutyPrintRequest Request(IReadOnlyList<DutyDay> days, string? zone = null, IReadOnlyDictionary<string, Person>? people = null) => new()
    {
        Name = "丹桂苑红色驿站", PlaceLine = "幸福里社区 · 丹桂苑", Days = days, TimeZone = zone, PrintedOn = new DateOnly(2026, 9, 25),
        People = people ?? new Dictionary<string, Person>(),
    };

    private static (string Path, PrintReport Report) Pdf(DutyPrintRequest request, string name)
    {
        var path = Path.Combine(Repo.TempDirectory("print-duty"), name + ".pdf");
        using var file = File.Create(path);
        return (path, Renderer().RenderPdf(request, file));
    }

    /// <summary>A National Day week: two shifts a day (the day one and the night one to 次日 08:00), Wednesday left empty.</summary>
    private static (List<DutyShift> Shifts, List<Holiday> Holidays, Dictionary<string, Person> People) NationalDayWeek()
    {
        var shifts = new List<DutyShift>();
        for (var d = 0; d < 7; d++)
        {
            if (d == 2)
            {
                continue;
            }
            var day = Monday.AddDays(d).ToDateTime(TimeOnly.MinValue);
            shifts.Add(Shift(2 * d, day.AddHours(8), 12, "白班 物业值班", personId: d == 0 ? "p-private" : null));
            shifts.Add(Shift(2 * d + 1, day.AddHours(20), 12, "夜班 应急值守"));
        }
        // Last week's Sunday night reaches into this Monday, next Monday's first shift is next week's: neither is printed.
        shifts.Add(Shift(100, Monday.AddDays(-1).ToDateTime(new TimeOnly(20, 0)), 12));
        shifts.Add(Shift(101, Monday.AddDays(7).ToDateTime(TimeOnly.MinValue), 8));
        var holidays = new List<Holiday> { new() { Id = "h-nd", Date = new DateOnly(2026, 10, 1), Name = "国庆节", Target = ItemTarget.Place("community") } };
        var people = new Dictionary<string, Person> { ["p-private"] = new() { Id = "p-private", Name = Name(0), Phone = "13900000000", PhonePublic = false, Target = ItemTarget.Place("compound") } };
        return (shifts, holidays, people);
    }

    [Fact]
    public void The_week_title_days_and_every_name_come_out_of_the_pdf_in_reading_order()
    {
        var (shifts, holidays, people) = NationalDayWeek();
        var days = DutyWeek.Evaluate(Monday, shifts, holidays, new StationClock(null));
        Assert.Equal(7, days.Count);
        Assert.Equal(12, days.Sum(d => d.Shifts.Count));
        var (pdf, report) = Pdf(Request(days, Station.DefaultTimeZone, people), "duty-week");
        Assert.Equal(1, report.Pages);
        var text = Text(pdf);
        output.WriteLine(text);
        Assert.Contains("丹桂苑红色驿站 值班表", text);
        Assert.Contains("2026年9月28日—10月4日", text);
        // Every day in order, the holiday named on its day, the empty day said to be empty; each name in order.
        AssertInOrder(text, ["9月28日", "星期一", "9月29日", "星期二", "9月30日", "无排班", "星期三", "10月1日", "星期四", "国庆节", "10月2日", "星期五", "10月3日", "星期六", "10月4日", "星期日"]);
        AssertInOrder(text, days.SelectMany(d => d.Shifts).Select(s => s.Shift.PersonName));
        Assert.DoesNotContain(Name(100), text);
        Assert.DoesNotContain(Name(101), text);
        Assert.Contains("次日 08:00", text);
        // The duty line whole, as the board shows it; a private number of a roster person masked.
        Assert.Contains("13900000001", text);
        Assert.DoesNotContain("13900000000", text);
        Assert.Contains("*******0000", text);
        Assert.DoesNotContain("Asia/Shanghai", text);
        AssertInsideMargins(report);
        var size = new FileInfo(pdf).Length;
        output.WriteLine($"one-page duty week PDF: {size:N0} bytes");
        Assert.True(size < 1_000_000, $"a one-page duty week is {size:N0} bytes");
    }

    [Fact]
    public void A_long_week_spans_pages_with_the_header_and_the_day_repeated()
    {
        var shifts = new List<DutyShift>();
        for (var d = 0; d < 7; d++)
        {
            for (var s = 0; s < 9; s++)
            {
                // Long places wrap to two lines: rows of different heights.
                shifts.Add(Shift(d * 9 + s, Monday.AddDays(d).ToDateTime(new TimeOnly(6 + s * 2, 0)), 2, location: s % 3 == 0 ? "应急服务站（东门岗亭旁，钥匙由物业与社区共同保管）" : "1栋大堂"));
            }
        }
        var days = DutyWeek.Evaluate(Monday, shifts, [], new StationClock(null));
        var (pdf, report) = Pdf(Request(days), "duty-long");
        Assert.True(report.Pages >= 2, $"63 shifts on {report.Pages} page(s)");
        Assert.Matches($@"Pages:\s+{report.Pages}\n", Tool("pdfinfo", pdf));
        var pages = Enumerable.Range(1, report.Pages).Select(p => Text(pdf, p)).ToList();
        foreach (var page in pages)
        {
            AssertInOrder(page, ["日期", "时间", "岗位", "值班人", "联系电话", "地点"]);
        }
        Assert.Contains("丹桂苑红色驿站 值班表", pages[0]);
        Assert.Contains("值班表", pages[1]);
        Assert.Contains("（续）", pages[1]);
        Assert.Contains($"第2页/共{report.Pages}页", NoSpaces(pages[1]));
        // The day at the top of a continued page is named again.
        Assert.Matches(@"\d+月\d+日", pages[1].Split("联系电话")[1][..40]);
        var names = shifts.Select(s => s.PersonName).ToList();
        AssertInOrder(string.Concat(pages), names);
        Assert.All(names, n => Assert.True(pages.Count(p => p.Contains(n, StringComparison.Ordinal)) == 1, $"{n} is on more than one page"));
        AssertInsideMargins(report);
    }

    [Fact]
    public void A_week_with_the_spring_DST_change_keeps_seven_days_and_the_right_shifts()
    {
        // Europe/Berlin: on Sunday 29 March 2026 clocks go from 02:00 to 03:00.
        var clock = new StationClock("Europe/Berlin");
        var monday = new DateOnly(2026, 3, 23);
        var shifts = new List<DutyShift>();
        for (var d = 0; d < 7; d++)
        {
            var day = monday.AddDays(d).ToDateTime(TimeOnly.MinValue);
            shifts.Add(Shift(2 * d, day.AddHours(8), 12));
            shifts.Add(Shift(2 * d + 1, day.AddHours(20), 12));
        }
        // Starts at a time that does not exist that night: read as 03:30 CEST (0005), still Sunday's.
        shifts.Add(Shift(20, new DateTime(2026, 3, 29, 2, 30, 0), 4));
        // The Sunday before and the Monday after, at midnight: other weeks.
        shifts.Add(Shift(21, new DateTime(2026, 3, 22, 23, 0, 0), 2));
        shifts.Add(Shift(22, new DateTime(2026, 3, 30, 0, 0, 0), 2));
        var days = DutyWeek.Evaluate(monday, shifts, [], clock);

        Assert.Equal(Enumerable.Range(0, 7).Select(d => monday.AddDays(d)), days.Select(d => d.Date));
        Assert.Equal([2, 2, 2, 2, 2, 2, 3], days.Select(d => d.Shifts.Count));
        var saturdayNight = days[5].Shifts.Single(s => s.Shift.Start.Hour == 20);
        Assert.Equal(TimeSpan.FromHours(11), saturdayNight.Length);
        Assert.Equal(TimeSpan.FromHours(12), saturdayNight.WallLength);
        Assert.Equal(TimeSpan.FromHours(12), days[4].Shifts.Single(s => s.Shift.Start.Hour == 20).Length);
        // Sunday in instant order: 02:30 (03:30 CEST) before 08:00.
        Assert.Equal([Name(20), Name(12), Name(13)], days[6].Shifts.Select(s => s.Shift.PersonName));
        Assert.DoesNotContain(days.SelectMany(d => d.Shifts), s => s.Shift.PersonName == Name(21) || s.Shift.PersonName == Name(22));

        var (pdf, report) = Pdf(Request(days, "Europe/Berlin"), "duty-dst");
        var text = Text(pdf);
        AssertInOrder(text, ["3月23日", "星期一", "3月28日", "实际 11 小时", "3月29日", Name(20), Name(12), Name(13)]);
        Assert.Contains("Europe/Berlin", text);
        // The 02:30 start is read as 03:30 CEST: 02:30–06:30 on the wall is 3 real hours. No other shift is marked.
        Assert.Contains("实际 3 小时", text);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(text, "实际").Count);
        AssertInsideMargins(report);
    }

    [Fact]
    public void Monday_of_any_day_and_only_mondays_start_a_week()
    {
        Assert.Equal(new DateOnly(2026, 9, 28), DutyWeek.MondayOf(new DateOnly(2026, 10, 4)));
        Assert.Equal(new DateOnly(2026, 9, 28), DutyWeek.MondayOf(new DateOnly(2026, 9, 28)));
        Assert.Throws<ArgumentException>(() => DutyWeek.Evaluate(new DateOnly(2026, 9, 29), [], [], new StationClock(null)));
        Assert.Equal("2026年12月28日—2027年1月3日", DutyPrintRenderer.WeekLabel(new DateOnly(2026, 12, 28)));
        Assert.Empty(PrintLayouts.Validate(PrintLayouts.Get(PrintLayouts.Duty), PrintLayouts.DutyColumns));
        Assert.Empty(PrintLayouts.Validate(PrintLayouts.Get(PrintLayouts.Overview), PrintLayouts.OverviewColumns));
    }

    // ---- the A3 overview ----

    private static IReadOnlyList<BuildingRoster> Compound(int buildings, int perBuilding)
    {
        var places = new List<Place> { new() { Id = "compound", Kind = PlaceKind.Compound, Name = "丹桂苑" } };
        var people = new List<Person>();
        var roster = new List<RosterEntry>();
        var roles = new[] { RosterRole.BuildingHead, RosterRole.PartyHouseholdHead, RosterRole.RedSteward, RosterRole.GridWorker, RosterRole.UnitHead, RosterRole.Volunteer };
        var i = 0;
        for (var b = 1; b <= buildings; b++)
        {
            places.Add(new Place { Id = $"b{b}", Kind = PlaceKind.Building, Name = $"{b}栋", ParentId = "compound", Order = b });
            places.Add(new Place { Id = $"b{b}-u1", Kind = PlaceKind.Unit, Name = "1单元", ParentId = $"b{b}", Order = 1 });
            for (var k = 0; k < perBuilding; k++, i++)
            {
                var role = roles[k % roles.Length];
                people.Add(new Person
                {
                    Id = $"p{i}", Name = Name(i), Target = ItemTarget.Place("compound"),
                    Party = k % 3 == 2 ? PartyMembership.None : (PartyMembership)(1 + k % 3), Phone = $"1380000{i:D4}", PhonePublic = role == RosterRole.RedSteward,
                });
                roster.Add(new RosterEntry
                {
                    Id = $"r{i}", PersonId = $"p{i}", BuildingId = $"b{b}", Role = role, Target = ItemTarget.Place("compound"),
                    UnitId = role == RosterRole.UnitHead ? $"b{b}-u1" : null, Households = k % 3 == 0 ? 10 + k : null,
                });
            }
        }
        return BoardView.Evaluate(new BoardContent { Places = places, People = people, Roster = roster }, new DateTimeOffset(2026, 12, 5, 10, 0, 0, TimeSpan.FromHours(8))).Buildings;
    }

    private static OverviewPrintRenderer Overview() => new(PrintLayouts.Get(PrintLayouts.Overview), Fonts);

    [Fact]
    public void The_overview_names_every_building_its_people_and_who_covers_it()
    {
        var buildings = Compound(6, 6);
        var request = new OverviewPrintRequest { CompoundName = "丹桂苑", PlaceLine = "幸福里社区", StationName = "丹桂苑红色驿站", Buildings = buildings, PrintedOn = new DateOnly(2026, 12, 5) };
        var path = Path.Combine(Repo.TempDirectory("print-overview"), "overview.pdf");
        PrintReport report;
        using (var file = File.Create(path))
        {
            report = Overview().RenderPdf(request, file);
        }
        Assert.Equal(1, report.Pages);
        Assert.Matches(@"Page size:\s+1190\.\d+ x 841\.\d+ pts \(A3\)", Tool("pdfinfo", path));
        var text = Text(path);
        output.WriteLine(text);
        Assert.Contains("丹桂苑 党员包栋联户一览", text);
        Assert.Contains("楼栋 6 栋", text);
        AssertInOrder(text, buildings.Select(b => b.Building.Name));
        // Every building's people, building by building; the Party badge once per building with members.
        var noSpaces = NoSpaces(text);
        foreach (var building in buildings)
        {
            Assert.All(building.Entries, e => Assert.Contains(e.Person.Name, text));
            Assert.Contains($"{building.PartyMembers}名", noSpaces);
        }
        Assert.Equal(buildings.Count(b => b.PartyMembers > 0), report.Texts.Count(t => t.Text == "党"));
        Assert.Contains("楼栋长", text);
        Assert.Contains("（联户 10）", noSpaces.Replace("联户10", "联户 10", StringComparison.Ordinal));
        // Stewards' numbers are public, the others masked.
        Assert.Contains("13800000002", text);
        Assert.DoesNotContain("13800000000", text);
        AssertInsideMargins(report);
        output.WriteLine($"overview PDF: {new FileInfo(path).Length:N0} bytes");
    }

    [Fact]
    public void The_roster_print_says_who_covers_the_building()
    {
        var building = Compound(1, 6).Single();
        var path = Path.Combine(Repo.TempDirectory("print-overview"), "roster-covering.pdf");
        using (var file = File.Create(path))
        {
            new RosterPrintRenderer(PrintLayouts.Get(PrintLayouts.Roster), Fonts).RenderPdf(new RosterPrintRequest { Building = building, PrintedOn = new DateOnly(2026, 12, 5) }, file);
        }
        var text = NoSpaces(Text(path));
        var members = building.Entries.Where(e => e.Person.Party != PartyMembership.None).Select(e => e.Person.Name).ToList();
        Assert.Equal(4, members.Count);
        // The first three by name, the rest counted: the table below names everyone.
        Assert.Contains($"包栋联户：{members[0]}（联户10）、{members[1]}、{members[2]}（联户13）等4名党员", text);
        Assert.Equal("", RosterPrintRenderer.Covering(building with { Entries = [] }));
    }

    [Fact]
    public void Pages_rasterised_by_poppler_show_the_duty_week_and_the_overview()
    {
        var artifacts = Path.Combine(Repo.Root, "artifacts", "print");
        Directory.CreateDirectory(artifacts);
        var (shifts, holidays, people) = NationalDayWeek();
        var (duty, _) = Pdf(Request(DutyWeek.Evaluate(Monday, shifts, holidays, new StationClock(null)), null, people), "duty-picture");
        var dir = Path.GetDirectoryName(duty)!;
        Tool("pdftoppm", "-png", "-r", "100", "-f", "1", "-l", "1", duty, Path.Combine(dir, "duty"));
        var dutyPng = Directory.GetFiles(dir, "duty-*.png").Single();
        Assert.Equal((827, 1170), PngSize(dutyPng));
        File.Copy(dutyPng, Path.Combine(artifacts, "print-duty.png"), overwrite: true);

        var overview = Path.Combine(dir, "overview.pdf");
        using (var file = File.Create(overview))
        {
            Overview().RenderPdf(new OverviewPrintRequest { CompoundName = "丹桂苑", PlaceLine = "幸福里社区", StationName = "丹桂苑红色驿站", Buildings = Compound(6, 6), PrintedOn = new DateOnly(2026, 12, 5) }, file);
        }
        Tool("pdftoppm", "-png", "-r", "100", "-f", "1", "-l", "1", overview, Path.Combine(dir, "overview"));
        var overviewPng = Directory.GetFiles(dir, "overview-*.png").Single();
        Assert.Equal((1654, 1170), PngSize(overviewPng));
        File.Copy(overviewPng, Path.Combine(artifacts, "print-overview.png"), overwrite: true);
    }
}
