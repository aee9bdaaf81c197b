using static SignageKiosk.Tests.Integration.PdfTools;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Places;
using SignageKiosk.Shared.Print;
using SignageKiosk.Shared.Print.Skia;
using SignageKiosk.Shared.Roster;
using SignageKiosk.Tests.Support;
using Xunit.Abstractions;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// The printed 楼栋公示, read back with the real tools a person would use: poppler's pdftotext and pdftoppm
/// (poppler-utils). The roster comes through <see cref="BoardView.Evaluate"/>, as on the board.
/// </summary>
public sealed class RosterPrintTests(ITestOutputHelper output)
{
    private static readonly PrintFonts Fonts = new(PrintLayouts.Get(PrintLayouts.Roster).Fonts, PrintLayouts.Get(PrintLayouts.Roster).EmojiFont);
    private static readonly DateOnly Day = new(2026, 12, 5);

    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"];
    private static readonly string[] Given = ["秀英", "建国", "桂兰", "志强", "海燕", "卫东", "淑珍", "国庆", "丽华", "小军", "红梅", "德胜"];

    private static BuildingRoster Building(int people, Func<int, Person>? person = null, string buildingName = "3栋")
    {
        var places = new List<Place>
        {
            new() { Id = "compound", Kind = PlaceKind.Compound, Name = "幸福里小区" },
            new() { Id = "b3", Kind = PlaceKind.Building, Name = buildingName, ParentId = "compound", Order = 3 },
        };
        for (var u = 1; u <= 3; u++)
        {
            places.Add(new Place { Id = $"b3-u{u}", Kind = PlaceKind.Unit, Name = $"{u}单元", ParentId = "b3", Order = u });
        }
        var roles = Enum.GetValues<RosterRole>();
        var peopleList = new List<Person>();
        var roster = new List<RosterEntry>();
        for (var i = 0; i < people; i++)
        {
            var p = person?.Invoke(i) ?? new Person
            {
                Id = $"p{i}", Target = ItemTarget.Place("compound"),
                // (i mod 20, 7i mod 12) differ for every i below 60: sixty different names.
                Name = Surnames[i % Surnames.Length] + Given[i * 7 % Given.Length],
                Party = (PartyMembership)(i % 4),
                Phone = $"1380000{i:D4}", PhonePublic = i % 3 == 0,
            };
            peopleList.Add(p);
            roster.Add(new RosterEntry
            {
                Id = $"r{i}", Target = ItemTarget.Place("compound"), PersonId = p.Id, BuildingId = "b3",
                UnitId = i == 0 ? null : $"b3-u{1 + i * 3 / Math.Max(people, 1)}",
                Role = i == 0 ? RosterRole.BuildingHead : roles[1 + i % (roles.Length - 1)],
                Households = i % 2 == 0 ? 10 + i : null,
            });
        }
        var view = BoardView.Evaluate(new BoardContent { Places = places, People = peopleList, Roster = roster }, new DateTimeOffset(2026, 12, 5, 10, 0, 0, TimeSpan.FromHours(8)));
        return view.Buildings.Single();
    }

    private static RosterPrintRequest Request(BuildingRoster building) =>
        new() { Building = building, PlaceLine = "阳光社区 · 幸福里小区", StationName = "阳光社区红色驿站", PrintedOn = Day };

    private static RosterPrintRenderer Renderer() => new(PrintLayouts.Get(PrintLayouts.Roster), Fonts);

    private static (string Path, PrintReport Report) Pdf(RosterPrintRequest request, string name)
    {
        var path = Path.Combine(Repo.TempDirectory("print"), name + ".pdf");
        using var file = File.Create(path);
        var report = Renderer().RenderPdf(request, file);
        return (path, report);
    }

    [Fact]
    public void The_title_and_every_name_come_out_of_the_pdf_in_reading_order()
    {
        var building = Building(12);
        var (pdf, report) = Pdf(Request(building), "roster-12");
        Assert.Equal(1, report.Pages);
        var text = Text(pdf);
        Assert.Contains("3栋 楼栋公示", text);
        var at = 0;
        foreach (var (_, person, _) in building.Entries)
        {
            var next = text.IndexOf(person.Name, at, StringComparison.Ordinal);
            Assert.True(next >= at, $"{person.Name} is missing or out of order in:\n{text}");
            at = next + person.Name.Length;
        }
        // Private numbers masked as on the board, public ones whole.
        Assert.Contains("13800000000", text);
        Assert.DoesNotContain("13800000001", text);
        Assert.Contains("*******0001", text);
        Assert.Contains("楼栋长", text);
        Assert.Contains("双报到党员", text);
        AssertInsideMargins(report);

        var size = new FileInfo(pdf).Length;
        output.WriteLine($"one-page roster PDF: {size:N0} bytes");
        Assert.True(size < 3_000_000, $"a one-page roster is {size:N0} bytes: too big to e-mail");
        var fonts = Tool("pdffonts", pdf);
        output.WriteLine(fonts);
        // Every font embedded (columns from the right: object id (2), uni, sub, emb): nothing left to the printer's substitutes.
        var rows = fonts.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal("yes", r[^5]));
    }

    [Fact]
    public void Sixty_people_span_two_pages_with_the_header_repeated()
    {
        var building = Building(60);
        var (pdf, report) = Pdf(Request(building), "roster-60");
        Assert.Equal(2, report.Pages);
        Assert.Matches(@"Pages:\s+2\n", Tool("pdfinfo", pdf));
        var first = Text(pdf, 1);
        var second = Text(pdf, 2);
        foreach (var header in new[] { "单元", "职务", "姓名", "政治面貌", "联系电话" })
        {
            Assert.Contains(header, first);
            Assert.Contains(header, second);
        }
        Assert.Contains("3栋 楼栋公示（续）", second);
        Assert.Contains("第2页/共2页", NoSpaces(second));
        // Every name once, on one page or the other, in order; the table splits between rows.
        var names = building.Entries.Select(e => e.Person.Name).ToList();
        Assert.Contains(names[0], first);
        Assert.Contains(names[^1], second);
        var both = first + second;
        var at = 0;
        foreach (var name in names)
        {
            var next = both.IndexOf(name, at, StringComparison.Ordinal);
            Assert.True(next >= 0, $"{name} is missing");
            at = next + name.Length;
        }
        Assert.All(names, n => Assert.False(first.Contains(n, StringComparison.Ordinal) && second.Contains(n, StringComparison.Ordinal), $"{n} is on both pages"));
        AssertInsideMargins(report);
    }

    [Fact]
    public void An_overlong_name_with_emoji_and_mixed_text_wraps_and_continues_on_the_next_page_never_clipped()
    {
        // Q and q appear nowhere else on the page, so counting them counts the token.
        var token = string.Concat(Enumerable.Range(0, 5000).Select(i => i % 3 == 0 ? 'Q' : 'q'));
        var building = Building(8, i => new Person
        {
            Id = $"p{i}", Target = ItemTarget.Place("compound"),
            Name = i switch { 2 => token, 4 => "张伟 Zhang Wei 🙂👨‍👩‍👧（志愿者）", _ => "李" + i },
            Phone = "13912345678", PhonePublic = true, Party = i == 4 ? PartyMembership.Resident : PartyMembership.None,
        }, buildingName: "幸福里小区东区第三期Phase III🏠十二号楼（原名：Sunshine Garden Building No. 12）");
        var (pdf, report) = Pdf(Request(building), "roster-overlong");
        Assert.True(report.Pages > 2, "5,000 characters in a narrow column take several pages");
        AssertInsideMargins(report);
        // Nothing dropped: every letter of the token was drawn somewhere.
        Assert.Equal(5000, report.Texts.Sum(t => t.Text.Count(c => c is 'Q' or 'q')));
        // The emoji went out whole, in the emoji face's run: the ZWJ family is one cluster, never split.
        Assert.Contains(report.Texts, t => t.Text.Contains("🙂👨‍👩‍👧", StringComparison.Ordinal));
        var text = Text(pdf);
        Assert.Contains("Zhang", text);
        Assert.Contains("李7", text);
        Assert.Contains("（志愿者）", NoSpaces(text));
    }

    [Fact]
    public void A_page_rasterised_by_poppler_and_by_the_renderer_shows_the_roster()
    {
        var building = Building(14);
        var request = Request(building);
        var (pdf, _) = Pdf(request, "roster-14");
        var dir = Path.GetDirectoryName(pdf)!;
        Tool("pdftoppm", "-png", "-r", "100", "-f", "1", "-l", "1", pdf, Path.Combine(dir, "page"));
        var png = Directory.GetFiles(dir, "page*.png").Single();
        var (w, h) = PngSize(png);
        Assert.Equal((827, 1170), (w, h));

        var artifacts = Path.Combine(Repo.Root, "artifacts", "print");
        Directory.CreateDirectory(artifacts);
        File.Copy(png, Path.Combine(artifacts, "print-roster.png"), overwrite: true);

        var printPng = Path.Combine(dir, "print-300.png");
        using (var file = File.Create(printPng))
        {
            var report = Renderer().RenderPng(request, 1, 300, file);
            AssertInsideMargins(report);
        }
        Assert.Equal((2481, 3508), PngSize(printPng));
        File.Copy(printPng, Path.Combine(artifacts, "print-roster-300dpi.png"), overwrite: true);
    }

    [Fact]
    public void The_shipped_print_layout_is_usable()
    {
        var layout = PrintLayouts.Get(PrintLayouts.Roster);
        Assert.Empty(PrintLayouts.Validate(layout, PrintLayouts.RosterColumns));
        Assert.Equal(["landscape", "portrait"], BoardLayouts.All.Keys.Order());
        Assert.Contains(PrintLayouts.Validate(layout with { Columns = [new PrintColumn { Key = "age", Title = "年龄" }] }, PrintLayouts.RosterColumns), p => p.Contains("age", StringComparison.Ordinal));
    }

    private static (int Width, int Height) PngSize(string path)
    {
        var header = File.ReadAllBytes(path).AsSpan(16, 8);
        return (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header[4..]));
    }
}
