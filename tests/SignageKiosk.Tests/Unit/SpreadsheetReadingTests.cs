using System.Text;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Import;
using SignageKiosk.Shared.Import;
using SignageKiosk.Shared.Roster;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Unit;

/// <summary>The spreadsheet readers on their own: cancellation, the blank-row stop, merged regions, and the words staff use.</summary>
public sealed class SpreadsheetReadingTests
{
    private static string Fixture(string name) => Path.Combine(Repo.Root, "tests", "SignageKiosk.Tests", "Fixtures", name);

    [Fact]
    public void A_cancelled_import_stops_reading_an_xlsx_an_xls_and_a_csv()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => WorkbookSheetReader.Read(File.ReadAllBytes(Fixture("roster-merged.xlsx")), cancelled.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => WorkbookSheetReader.Read(File.ReadAllBytes(Fixture("roster-merged.xls")), cancelled.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => CsvSheetReader.Read("姓名\n张三\n"u8, null, cancelled.Token));
    }

    [Fact]
    public void Merged_cells_fill_their_region_but_a_blank_row_under_a_merge_stays_blank()
    {
        var rows = WorkbookSheetReader.Read(File.ReadAllBytes(Fixture("roster-merged.xls")), CancellationToken.None);
        var title = rows.Single(r => r.Number == 1);
        Assert.Equal(Enumerable.Repeat("丹桂苑小区楼栋公示表（2026年12月）", 9), title.Cells.Take(9));
        Assert.Equal(["1栋", "1栋", "1栋", "1栋"], rows.Where(r => r.Number is >= 3 and <= 6).Select(r => r.Cell(0)));
        // Blank rows are not kept: rows 7, 12 and 17 separate the buildings.
        Assert.DoesNotContain(rows, r => r.Number is 7 or 12 or 17);
        // A phone stored as a number reads as its digits; full-width text as typed (the mapper folds it).
        Assert.Equal("13900001001", rows.Single(r => r.Number == 3).Cell(6));
        Assert.Equal("１３９００００１００２", rows.Single(r => r.Number == 4).Cell(6));
    }

    [Fact]
    public void A_long_run_of_blank_lines_ends_the_sheet()
    {
        var csv = "姓名,岗位\n张三,值班\n" + new string('\n', ImportLimits.BlankRowsEndingSheet) + "李四,值班\n";
        var rows = CsvSheetReader.Read(Encoding.UTF8.GetBytes(csv), null, CancellationToken.None);
        Assert.Equal([1, 2], rows.Select(r => r.Number));
        var shorter = "姓名,岗位\n张三,值班\n" + new string('\n', ImportLimits.BlankRowsEndingSheet - 1) + "李四,值班\n";
        Assert.Equal(3, CsvSheetReader.Read(Encoding.UTF8.GetBytes(shorter), null, CancellationToken.None).Count);
    }

    [Fact]
    public void A_cell_longer_than_the_budget_is_refused_naming_where_it_is()
    {
        var csv = "姓名,备注\n张三," + new string('长', ImportLimits.MaxCellCharacters + 1) + "\n";
        var refused = Assert.Throws<ApiException>(() => CsvSheetReader.Read(Encoding.UTF8.GetBytes(csv), null, CancellationToken.None));
        Assert.Equal("第2行第B列的内容超过 2000 个字，请删减后再导入", refused.Message);
    }

    [Theory]
    [InlineData("１３９００００１００２", "13900001002")]
    [InlineData("139 0000 1003", "13900001003")]
    [InlineData("139-0000-1004", "13900001004")]
    [InlineData("139－0000—1004", "13900001004")]
    [InlineData("0536－8123456", "0536-8123456")]
    [InlineData("0536 8123456", "0536-8123456")]
    [InlineData("（0536）8123456", "(0536)8123456")]
    [InlineData("+86 139 0000 1005", "+8613900001005")]
    [InlineData("  12345 ", "12345")]
    [InlineData("", "")]
    public void Phone_numbers_are_normalised_before_they_are_stored(string typed, string stored) =>
        Assert.Equal(stored, ImportPhone.Normalize(typed));

    [Theory]
    [InlineData("中共党员", "", PartyMembership.Resident)]
    [InlineData("中共预备党员", "", PartyMembership.Resident)]
    [InlineData("中共党员", "在职党员", PartyMembership.Serving)]
    [InlineData("中共预备党员", "双报到党员", PartyMembership.Registered)]
    [InlineData("中共党员", "下沉党员", PartyMembership.Registered)]
    [InlineData("中共党员", "居住地党员", PartyMembership.Resident)]
    [InlineData("共青团员", "", PartyMembership.None)]
    [InlineData("群众", "无", PartyMembership.None)]
    [InlineData("无党派人士", "", PartyMembership.None)]
    [InlineData("九三学社社员", "", PartyMembership.None)]
    [InlineData("中国民主同盟", "", PartyMembership.None)]
    [InlineData("", "在职党员", PartyMembership.Serving)]
    public void Political_status_as_people_fill_it_with_the_member_category_refining_it(string status, string category, PartyMembership expected)
    {
        var plan = ImportMapper.Plan(ImportKind.People, [new SheetRow(1, ["姓名", "政治面貌", "党员类别"]), new SheetRow(2, ["张三", status, category])],
            new ImportContext { TargetPlaceId = "compound-x" });
        var row = Assert.Single(plan.Rows);
        Assert.Empty(row.Errors);
        Assert.Equal(expected, ((Person)row.Records[0].Item).Party);
        Assert.Equal(["姓名", "党员", "党员类别"], plan.Columns);
    }

    [Theory]
    [InlineData("共青团员", "在职党员", "第2行：政治面貌是“共青团员”，不是党员，党员类别“在职党员”应留空")]
    [InlineData("在职党员", "下沉党员", "第2行：党员类别“下沉党员”与“在职党员”不一致，同一人请只写一种")]
    [InlineData("中共党员", "老党员", "第2行：党员类别“老党员”无法识别，可填：在职党员、双报到党员、下沉党员、居住地党员")]
    public void A_member_category_that_contradicts_the_political_status_is_named(string status, string category, string error)
    {
        var plan = ImportMapper.Plan(ImportKind.People, [new SheetRow(1, ["姓名", "政治面貌", "党员类别"]), new SheetRow(2, ["张三", status, category])],
            new ImportContext { TargetPlaceId = "compound-x" });
        Assert.Equal([error], Assert.Single(plan.Rows).Errors);
    }
}
