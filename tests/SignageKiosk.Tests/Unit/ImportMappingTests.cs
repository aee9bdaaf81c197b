using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Duty;
using SignageKiosk.Shared.Import;
using SignageKiosk.Shared.Media;
using SignageKiosk.Shared.Places;
using SignageKiosk.Shared.Roster;

namespace SignageKiosk.Tests.Unit;

/// <summary>The spreadsheet mapper on its own: headers as staff write them, per-row errors in Chinese, stable ids.</summary>
public sealed class ImportMappingTests
{
    private const string Compound = "compound-x";

    private static readonly Place[] Places =
    [
        new() { Id = "b3", Kind = PlaceKind.Building, Name = "3栋", ParentId = Compound, Order = 3 },
        new() { Id = "b4", Kind = PlaceKind.Building, Name = "4栋", ParentId = Compound, Order = 4 },
        new() { Id = "b3-u1", Kind = PlaceKind.Unit, Name = "1单元", ParentId = "b3", Order = 1 },
        new() { Id = "b3-u2", Kind = PlaceKind.Unit, Name = "2单元", ParentId = "b3", Order = 2 },
    ];

    private static ImportContext Context(IReadOnlyList<Person>? people = null, IReadOnlyList<RosterEntry>? roster = null, IReadOnlyList<DutyShift>? shifts = null) => new()
    {
        TargetPlaceId = Compound,
        Places = Places,
        People = people ?? [],
        Roster = roster ?? [],
        DutyShifts = shifts ?? [],
    };

    /// <summary>Rows numbered from 1 as a spreadsheet shows them.</summary>
    private static List<SheetRow> Sheet(params string[][] rows) => rows.Select((cells, i) => new SheetRow(i + 1, cells)).ToList();

    [Fact]
    public void A_roster_sheet_maps_to_people_and_entries_with_errors_per_row_naming_the_column()
    {
        var plan = ImportMapper.Plan(ImportKind.Roster, Sheet(
            ["丹桂苑小区楼栋公示表"],
            [" 楼 栋 ", "单元", "名字", "角色*", "政治面貌", "手机：", "电话公开（是/否）", "联户数", "备注"],
            ["3栋", "1单元", "张桂兰", "楼栋长", "党员", "１３８０５３６１０２１", "是", "26户", "老党员"],
            ["b4", "", "李建国", "志愿者", "下沉党员", "0536-8123456", "否", "", ""],
            ["9栋", "", "王芳", "网格员", "", "13900000003", "否", "", ""],
            ["4栋", "", "赵强", "队长", "", "13900000004", "否", "", ""],
            [],
            ["3号楼", "2", "张桂兰", "党员中心户长", "党员", "13805361021", "是", "", ""],
            ["三栋", "5单元", "孙红梅", "单元长", "在职", "abc", "也许", "很多", ""]), Context());

        Assert.Equal(["楼栋", "单元", "姓名", "角色", "党员", "电话", "电话公开", "联户数"], plan.Columns);
        Assert.Equal(["备注"], plan.IgnoredColumns);
        Assert.Equal([3, 4, 5, 6, 8, 9], plan.Rows.Select(r => r.Row));
        Assert.Equal(3, plan.Valid);

        var first = plan.Rows[0];
        Assert.Empty(first.Errors);
        Assert.Equal("3栋", first.Values["楼栋"]);
        var person = Assert.IsType<Person>(first.Records[0].Item);
        var entry = Assert.IsType<RosterEntry>(first.Records[1].Item);
        Assert.Equal((ContentKind.Person, ContentKind.RosterEntry), (first.Records[0].Kind, first.Records[1].Kind));
        Assert.Equal(("张桂兰", PartyMembership.Resident, "13805361021", true), (person.Name, person.Party, person.Phone, person.PhonePublic));
        Assert.Equal((person.Id, RosterRole.BuildingHead, "b3", "b3-u1", 26), (entry.PersonId, entry.Role, entry.BuildingId, entry.UnitId, entry.Households));
        Assert.Equal(ItemTarget.Place(Compound), entry.Target);

        var second = plan.Rows[1];
        Assert.Equal(PartyMembership.Registered, ((Person)second.Records[0].Item).Party);
        Assert.Equal(("b4", (string?)null), (((RosterEntry)second.Records[1].Item).BuildingId, ((RosterEntry)second.Records[1].Item).UnitId));

        Assert.Equal(["第5行：楼栋“9栋”不存在"], plan.Rows[2].Errors);
        Assert.Empty(plan.Rows[2].Records);
        Assert.StartsWith("第6行：角色“队长”无法识别，可填：楼栋长、单元长、党员中心户长", Assert.Single(plan.Rows[3].Errors));

        // The same person on a second building row is the same record, written once per id.
        var again = plan.Rows[4];
        Assert.Empty(again.Errors);
        Assert.Equal(person.Id, again.Records[0].Item.Id);
        Assert.Equal(("b3", "b3-u2"), (((RosterEntry)again.Records[1].Item).BuildingId, ((RosterEntry)again.Records[1].Item).UnitId));

        var bad = plan.Rows[5].Errors;
        Assert.Contains("第9行：单元“5单元”不在3栋", bad);
        Assert.Contains(bad, e => e.StartsWith("第9行：党员“在职”无法识别", StringComparison.Ordinal));
        Assert.Contains("第9行：电话公开“也许”请填“是”或“否”", bad);
        Assert.Contains("第9行：联户数“很多”不是整数", bad);
        Assert.Contains(bad, e => e.StartsWith("第9行：电话不是有效的电话号码", StringComparison.Ordinal));
    }

    [Fact]
    public void The_same_sheet_gives_the_same_ids_and_existing_records_are_updated_not_duplicated()
    {
        string[][] rows = [["楼栋", "姓名", "角色", "电话"], ["3栋", "张桂兰", "楼栋长", "13805361021"]];
        var once = ImportMapper.Plan(ImportKind.Roster, Sheet(rows), Context());
        var twice = ImportMapper.Plan(ImportKind.Roster, Sheet(rows), Context());
        Assert.Equal(once.Rows[0].Records.Select(r => r.Item.Id), twice.Rows[0].Records.Select(r => r.Item.Id));
        var elsewhere = ImportMapper.Plan(ImportKind.Roster, Sheet(rows), Context() with { TargetPlaceId = "compound-y", Places = Places.Select(p => p.ParentId == Compound ? p with { ParentId = "compound-y" } : p).ToList() });
        Assert.NotEqual(once.Rows[0].Records[0].Item.Id, elsewhere.Rows[0].Records[0].Item.Id);

        // A person already there (written with dashes, with a photo) and their entry keep their ids and the photo.
        var photo = new MediaRef { Sha256 = new string('a', 64), Size = 10, ContentType = "image/jpeg" };
        var existing = new Person { Id = "p-zhang", Name = "张桂兰", Phone = "138-0536-1021", Photo = photo, Target = ItemTarget.Place("b3") };
        var entry = new RosterEntry { Id = "r-b3-head", PersonId = "p-zhang", Role = RosterRole.BuildingHead, BuildingId = "b3", Target = ItemTarget.Place(Compound) };
        var plan = ImportMapper.Plan(ImportKind.Roster, Sheet(rows), Context([existing], [entry]));
        var person = (Person)plan.Rows[0].Records[0].Item;
        Assert.Equal(("p-zhang", "13805361021"), (person.Id, person.Phone));
        Assert.Equal(photo, person.Photo);
        Assert.Equal(ItemTarget.Place("b3"), person.Target);
        Assert.Equal("r-b3-head", plan.Rows[0].Records[1].Item.Id);
    }

    [Fact]
    public void A_column_the_sheet_leaves_out_keeps_what_is_there_while_an_empty_cell_clears_it()
    {
        var existing = new Person { Id = "p-li", Name = "李建国", Party = PartyMembership.Serving, Phone = "13805361137", PhonePublic = true, Target = ItemTarget.Place(Compound) };
        var entry = new RosterEntry { Id = "r-li", PersonId = "p-li", Role = RosterRole.GridWorker, BuildingId = "b4", Households = 40, Target = ItemTarget.Place(Compound) };
        var narrow = ImportMapper.Plan(ImportKind.Roster, Sheet(["楼栋", "姓名", "角色"], ["4栋", "李建国", "网格员"]), Context([existing], [entry]));
        Assert.Equal(existing, narrow.Rows[0].Records[0].Item);
        Assert.Equal(entry, narrow.Rows[0].Records[1].Item);

        var cleared = ImportMapper.Plan(ImportKind.Roster, Sheet(["楼栋", "姓名", "角色", "党员", "电话公开", "联户数"], ["4栋", "李建国", "网格员", "", "", ""]), Context([existing], [entry]));
        Assert.Equal(existing with { Party = PartyMembership.None, PhonePublic = false }, cleared.Rows[0].Records[0].Item);
        Assert.Equal(entry with { Households = null }, cleared.Rows[0].Records[1].Item);
    }

    [Fact]
    public void A_person_must_be_written_alike_on_every_row_and_a_row_given_twice_is_reported()
    {
        var plan = ImportMapper.Plan(ImportKind.Roster, Sheet(
            ["楼栋", "姓名", "角色", "党员", "电话"],
            ["3栋", "张桂兰", "楼栋长", "党员", "13805361021"],
            ["4栋", "张桂兰", "楼栋长", "否", "13805361021"],
            ["3栋", "张桂兰", "楼栋长", "党员", "13805361021"]), Context());
        Assert.Equal(["第3行：张桂兰在第2行写的党员是“居住地党员”，与本行不同，同一人请写成一样"], plan.Rows[1].Errors);
        Assert.Equal(["第4行：与第2行重复（同一人、同一角色、同一楼栋单元）"], plan.Rows[2].Errors);
    }

    [Fact]
    public void Duty_times_come_in_the_forms_staff_type_and_an_overnight_end_needs_the_next_day()
    {
        var plan = ImportMapper.Plan(ImportKind.DutyShifts, Sheet(
            ["值班人员", "岗位", "联系电话", "开始时间", "结束时间", "值班地点"],
            ["唐磊", "物业夜间值班", "13805368803", "2026-11-23 20:00", "次日08:00", "应急服务站"],
            ["邓伟", "物业值班经理", "", "2026/11/23 8:00", "18:00", ""],
            ["王芳", "驿站值班", "", "2026年11月23日 9点30分", "2026年11月23日 17点", ""],
            ["李明", "夜班", "", "46349.8333333333", "46350.3333333333", ""],
            ["赵强", "夜班", "", "2026-11-23 20:00", "08:00", ""],
            ["钱进", "白班", "", "2026-11-23", "18:00", ""],
            ["孙丽", "长班", "", "2026-11-23 08:00", "2026-12-23 08:00", ""],
            ["周全", "", "", "明天", "", ""],
            ["吴涛", "晚班", "", "2026-11-23 18:00", "24:00", ""]), Context());

        DutyShift Shift(int index) => (DutyShift)Assert.Single(plan.Rows[index].Records).Item;
        Assert.Equal((new DateTime(2026, 11, 23, 20, 0, 0), new DateTime(2026, 11, 24, 8, 0, 0)), (Shift(0).Start, Shift(0).End));
        Assert.Equal(("唐磊", "物业夜间值班", "13805368803", "应急服务站"), (Shift(0).PersonName, Shift(0).Role, Shift(0).Phone, Shift(0).Location));
        Assert.Equal((new DateTime(2026, 11, 23, 8, 0, 0), new DateTime(2026, 11, 23, 18, 0, 0)), (Shift(1).Start, Shift(1).End));
        Assert.Null(Shift(1).Location);
        Assert.Equal((new DateTime(2026, 11, 23, 9, 30, 0), new DateTime(2026, 11, 23, 17, 0, 0)), (Shift(2).Start, Shift(2).End));
        Assert.Equal((new DateTime(2026, 11, 23, 20, 0, 0), new DateTime(2026, 11, 24, 8, 0, 0)), (Shift(3).Start, Shift(3).End));
        Assert.Equal(["第6行：结束“08:00”不晚于开始“2026-11-23 20:00”；跨夜值班请写“次日08:00”"], plan.Rows[4].Errors);
        Assert.Equal(["第7行：开始“2026-11-23”缺少时间，如 2026-11-23 20:00"], plan.Rows[5].Errors);
        Assert.Equal(["第8行：结束离开始超过7天，一个班次不能这么长"], plan.Rows[6].Errors);
        Assert.Equal(["第9行：岗位不能为空", "第9行：开始“明天”不是日期时间，请写成 2026-11-23 20:00", "第9行：结束不能为空"], plan.Rows[7].Errors);
        Assert.Equal(new DateTime(2026, 11, 24, 0, 0, 0), Shift(8).End);
        Assert.All(plan.Rows.Where(r => r.IsValid), r => Assert.Equal(DateTimeKind.Unspecified, ((DutyShift)r.Records[0].Item).Start.Kind));
    }

    [Fact]
    public void A_duty_row_links_the_person_on_duty_and_an_existing_shift_keeps_its_id()
    {
        var person = new Person { Id = "p-tang", Name = "唐磊", Phone = "13805368803", Target = ItemTarget.Place(Compound) };
        var shift = new DutyShift
        {
            Id = "d-night", PersonName = "唐磊", Role = "物业夜间值班", Start = new DateTime(2026, 11, 23, 18, 0, 0), End = new DateTime(2026, 11, 24, 6, 0, 0),
            Target = ItemTarget.Place(Compound),
        };
        var plan = ImportMapper.Plan(ImportKind.DutyShifts, Sheet(
            ["值班人", "岗位", "开始", "结束"],
            ["唐磊", "物业夜间值班", "2026-11-23 18:00", "次日08:00"]), Context([person], shifts: [shift]));
        var imported = (DutyShift)plan.Rows[0].Records[0].Item;
        Assert.Equal(("d-night", "p-tang", new DateTime(2026, 11, 24, 8, 0, 0)), (imported.Id, imported.PersonId, imported.End));
    }

    [Fact]
    public void People_keep_a_given_id_and_a_bad_one_is_reported_against_its_column()
    {
        var plan = ImportMapper.Plan(ImportKind.People, Sheet(
            ["姓名", "党员", "电话", "电话公开", "编号"],
            ["张桂兰", "是", "13805361021", "√", "p-zhang"],
            ["李建国", "", "", "", ""],
            ["王芳", "", "", "", "bad id!"],
            ["", "党员", "", "", ""],
            ["张桂兰", "", "", "", "p-zhang"]), Context());
        var zhang = (Person)plan.Rows[0].Records[0].Item;
        Assert.Equal(("p-zhang", PartyMembership.Resident, true), (zhang.Id, zhang.Party, zhang.PhonePublic));
        Assert.StartsWith("p-imp-", plan.Rows[1].Records[0].Item.Id);
        Assert.Null(((Person)plan.Rows[1].Records[0].Item).Phone);
        Assert.Equal(["第4行：编号只能由字母、数字、“.”“_”“-”组成，以字母或数字开头，最多64个字符"], plan.Rows[2].Errors);
        Assert.Equal(["第5行：姓名不能为空"], plan.Rows[3].Errors);
        Assert.Equal(["第6行：与第2行是同一个人，请合并为一行"], plan.Rows[4].Errors);
    }

    [Fact]
    public void Problems_with_the_file_as_a_whole_are_said_plainly()
    {
        Assert.Equal("文件里没有内容", Assert.Throws<ImportFileException>(() => ImportMapper.Plan(ImportKind.People, Sheet([], ["", " "]), Context())).Message);
        Assert.StartsWith("没有找到表头", Assert.Throws<ImportFileException>(() =>
            ImportMapper.Plan(ImportKind.People, Sheet(["张桂兰", "13805361021"]), Context())).Message);
        Assert.Equal("第1行的表头缺少必填的列：角色（全部列：楼栋、单元、姓名、角色、党员、电话、电话公开、联户数）", Assert.Throws<ImportFileException>(() =>
            ImportMapper.Plan(ImportKind.Roster, Sheet(["楼栋", "姓名", "电话"], ["3栋", "张桂兰", "1"]), Context())).Message);
        Assert.Equal("第1行的表头里“电话”出现了两次（第B列和第C列），请只留一列", Assert.Throws<ImportFileException>(() =>
            ImportMapper.Plan(ImportKind.People, Sheet(["姓名", "手机", "联系电话"]), Context())).Message);
    }

    [Fact]
    public void An_exported_sheet_maps_back_onto_the_same_records()
    {
        var people = new List<Person>
        {
            new() { Id = "p-zhang", Name = "张桂兰", Party = PartyMembership.Resident, Phone = "13805361021", PhonePublic = true, Target = ItemTarget.Place(Compound) },
            new() { Id = "p-li", Name = "李建国", Party = PartyMembership.Serving, Target = ItemTarget.Place(Compound) },
        };
        var roster = new List<RosterEntry>
        {
            new() { Id = "r-1", PersonId = "p-zhang", Role = RosterRole.BuildingHead, BuildingId = "b3", Target = ItemTarget.Place(Compound) },
            new() { Id = "r-2", PersonId = "p-li", Role = RosterRole.UnitHead, BuildingId = "b3", UnitId = "b3-u2", Households = 12, Target = ItemTarget.Place(Compound) },
            new() { Id = "r-3", PersonId = "p-zhang", Role = RosterRole.PartyHouseholdHead, BuildingId = "b4", Households = 30, Target = ItemTarget.Place(Compound) },
        };
        var shifts = new List<DutyShift>
        {
            new() { Id = "d-1", PersonName = "唐磊", Role = "夜班", Start = new DateTime(2026, 11, 23, 20, 0, 0), End = new DateTime(2026, 11, 24, 8, 0, 0), Target = ItemTarget.Place(Compound) },
        };
        var context = Context(people, roster, shifts);

        foreach (var (kind, sheet, expected) in new (string, ExportSheet, IEnumerable<ContentItem>)[]
        {
            (ImportKind.Roster, ImportExporter.Roster(roster, people, Places), roster),
            (ImportKind.People, ImportExporter.People(people), people),
            (ImportKind.DutyShifts, ImportExporter.DutyShifts(shifts), shifts),
        })
        {
            var rows = new List<SheetRow> { new(1, sheet.Headers.ToList()) };
            rows.AddRange(sheet.Rows.Select((cells, i) => new SheetRow(i + 2,
                cells.Select(c => c.Moment is { } m ? ImportMoment.Format(m) : c.Number?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? c.Text ?? "").ToList())));
            var plan = ImportMapper.Plan(kind, rows, context);
            Assert.Equal(0, plan.Invalid);
            var items = plan.Rows.SelectMany(r => r.Records).Select(r => r.Item).Where(i => i.GetType() == expected.First().GetType()).DistinctBy(i => i.Id);
            Assert.Equal(expected.OrderBy(i => i.Id), items.OrderBy(i => i.Id));
        }
    }

    [Theory]
    [InlineData("3栋", "3")]
    [InlineData("3号楼", "3")]
    [InlineData("03", "3")]
    [InlineData("三栋", "3")]
    [InlineData("十二栋", "12")]
    [InlineData("二十一单元", "21")]
    [InlineData("１单元", "1")]
    [InlineData("东区3栋", null)]
    public void Building_and_unit_names_compare_by_their_number(string name, string? key) => Assert.Equal(key, ImportText.NumberKey(name));

    [Theory]
    [InlineData("姓 名", "姓名")]
    [InlineData("电话：", "电话")]
    [InlineData("*角色（必填）", "角色")]
    [InlineData("ＩＤ", "id")]
    public void Headers_compare_without_spaces_marks_or_full_width_forms(string header, string key) => Assert.Equal(key, ImportText.HeaderKey(header));
}
