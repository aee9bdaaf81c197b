using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Security;
using System.Text;
using System.Text.Json.Nodes;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// Spreadsheet import and export against a real controller with the demo compound (丹桂苑, buildings 1栋…6栋):
/// preview writes nothing, confirm writes only the good rows through the same rules as the REST API.
/// </summary>
public sealed class ImportTests
{
    private const string Compound = "compound-dangui";
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    static ImportTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Fact]
    public async Task An_Excel_roster_is_previewed_without_writing_and_confirm_writes_only_the_good_rows()
    {
        await using var controller = ControllerHost.Start("import-roster", demo: true);
        using var admin = await controller.AdminAsync();
        var file = ExcelLike.Build(
            ["丹桂苑小区楼栋公示表（2026年11月）"],
            ["楼栋", "单元", "姓名", "角色", "党员", "手机", "电话公开", "联户数"],
            ["3栋", "1单元", new Rich("测试", "甲"), "楼栋长", "党员", 13900000001L, "是", 20],
            [new Inline("b4"), null, "测试乙", "志愿者", "双报到", "0536-8123456", "否", null],
            ["9栋", null, "测试丙", "网格员", null, "13900000003", "否", null],
            ["2栋", null, "测试丁", "队长", null, "13900000004", "否", null]);
        var head = await admin.HeadAsync();

        var preview = await PreviewAsync(admin, "roster", file, XlsxType);
        Assert.Equal((2, 2), (preview["valid"]!.GetValue<int>(), preview["invalid"]!.GetValue<int>()));
        var rows = preview["rows"]!.AsArray();
        Assert.Equal([3, 4, 5, 6], rows.Select(r => r!["row"]!.GetValue<int>()));
        Assert.Equal("测试甲", rows[0]!["values"]!["姓名"]!.GetValue<string>());
        Assert.Equal("13900000001", rows[0]!["values"]!["电话"]!.GetValue<string>());
        Assert.Equal("20", rows[0]!["values"]!["联户数"]!.GetValue<string>());
        Assert.Empty(rows[0]!["errors"]!.AsArray());
        Assert.Equal("第5行：楼栋“9栋”不存在", Assert.Single(rows[2]!["errors"]!.AsArray())!.GetValue<string>());
        Assert.StartsWith("第6行：角色“队长”无法识别", Assert.Single(rows[3]!["errors"]!.AsArray())!.GetValue<string>());
        Assert.Equal(head, await admin.HeadAsync());
        Assert.DoesNotContain("测试甲", await admin.GetStringAsync("/api/people"));

        var result = await ConfirmAsync(admin, preview["token"]!.GetValue<string>());
        Assert.Equal((2, 0, 2), (result["written"]!.GetValue<int>(), result["unchanged"]!.GetValue<int>(), result["skipped"]!.GetValue<int>()));
        Assert.True(result["seq"]!.GetValue<long>() > head);
        Assert.Equal(["written", "written", "invalid", "invalid"], result["rows"]!.AsArray().Select(r => r!["status"]!.GetValue<string>()));

        var people = JsonNode.Parse(await admin.GetStringAsync("/api/people?limit=200"))!["items"]!.AsArray();
        var jia = people.Single(p => p!["name"]!.GetValue<string>() == "测试甲")!;
        Assert.Equal(("resident", "13900000001", true), (jia["party"]!.GetValue<string>(), jia["phone"]!.GetValue<string>(), jia["phonePublic"]!.GetValue<bool>()));
        var yi = people.Single(p => p!["name"]!.GetValue<string>() == "测试乙")!;
        Assert.Equal("registered", yi["party"]!.GetValue<string>());
        Assert.DoesNotContain(people, p => p!["name"]!.GetValue<string>() is "测试丙" or "测试丁");
        var roster = JsonNode.Parse(await admin.GetStringAsync("/api/roster?limit=200"))!["items"]!.AsArray();
        var entry = roster.Single(r => r!["personId"]!.GetValue<string>() == jia["id"]!.GetValue<string>())!;
        Assert.Equal(("buildingHead", "b3", "b3-u1", 20), (entry["role"]!.GetValue<string>(), entry["buildingId"]!.GetValue<string>(),
            entry["unitId"]!.GetValue<string>(), entry["households"]!.GetValue<int>()));
        Assert.Contains(roster, r => r!["personId"]!.GetValue<string>() == yi["id"]!.GetValue<string>() && r["buildingId"]!.GetValue<string>() == "b4");

        // A token is good once.
        using var again = await admin.PostAsync($"/api/import/{preview["token"]}/confirm", null);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    /// <summary>
    /// A building roster as community offices keep it, saved by LibreOffice (tests/fixtures-make.sh): a merged
    /// title row, the building column merged down over each building's rows, blank rows between buildings,
    /// phone numbers stored as numbers, full-width digits and dashes, 政治面貌 with 党员类别. Before the
    /// switch to ExcelDataReader the .xlsx previewed 4 of 12 good rows valid and the .xls was refused.
    /// </summary>
    [Theory]
    [InlineData("roster-merged.xlsx", XlsxType)]
    [InlineData("roster-merged.xls", "application/vnd.ms-excel")]
    public async Task A_roster_saved_by_an_office_suite_with_merged_cells_imports_every_good_row_and_names_each_bad_one(string fixture, string contentType)
    {
        await using var controller = ControllerHost.Start("import-office-" + Path.GetExtension(fixture)[1..], demo: true);
        using var admin = await controller.AdminAsync();
        var file = await File.ReadAllBytesAsync(Path.Combine(Repo.Root, "tests", "SignageKiosk.Tests", "Fixtures", fixture));
        var head = await admin.HeadAsync();

        var preview = await PreviewAsync(admin, "roster", file, contentType);
        var rows = preview["rows"]!.AsArray();
        var errors = rows.Where(r => r!["errors"]!.AsArray().Count > 0)
            .ToDictionary(r => r!["row"]!.GetValue<int>(), r => string.Join("；", r!["errors"]!.AsArray().Select(e => e!.GetValue<string>())));
        Assert.Equal([3, 4, 5, 6, 8, 9, 10, 11, 13, 14, 15, 16, 18, 19, 20], rows.Select(r => r!["row"]!.GetValue<int>()));
        Assert.Equal(new Dictionary<int, string>
        {
            [18] = "第18行：楼栋“9栋”不存在",
            [19] = "第19行：政治面貌是“共青团员”，不是党员，党员类别“在职党员”应留空",
            [20] = "第20行：电话不是有效的电话号码（只能有数字、+、-、括号和空格，3到32位）",
        }, errors);
        Assert.Equal((12, 3), (preview["valid"]!.GetValue<int>(), preview["invalid"]!.GetValue<int>()));
        // The merged building cell reaches every row under it.
        Assert.Equal(["1栋", "1栋", "1栋", "1栋", "2栋", "2栋", "2栋", "2栋", "3栋", "3栋", "3栋", "3栋"],
            rows.Take(12).Select(r => r!["values"]!["楼栋"]!.GetValue<string>()));
        Assert.Equal(head, await admin.HeadAsync());

        var result = await ConfirmAsync(admin, preview["token"]!.GetValue<string>());
        Assert.Equal((12, 3), (result["written"]!.GetValue<int>(), result["skipped"]!.GetValue<int>()));

        var people = JsonNode.Parse(await admin.GetStringAsync("/api/people?limit=200"))!["items"]!.AsArray()
            .Where(p => p!["name"]!.GetValue<string>().StartsWith("测试", StringComparison.Ordinal))
            .ToDictionary(p => p!["name"]!.GetValue<string>(), p => (Party: p!["party"]!.GetValue<string>(), Phone: p["phone"]!.GetValue<string>()));
        Assert.Equal(new Dictionary<string, (string, string)>
        {
            ["测试赵一"] = ("serving", "13900001001"),
            ["测试钱二"] = ("resident", "13900001002"),
            ["测试孙三"] = ("none", "13900001003"),
            ["测试李四"] = ("none", "13900001004"),
            ["测试周五"] = ("registered", "13900001005"),
            ["测试吴六"] = ("registered", "0536-8123456"),
            ["测试郑七"] = ("none", "13900001007"),
            ["测试王八"] = ("none", "13900001008"),
            ["测试冯九"] = ("resident", "13900001009"),
            ["测试陈十"] = ("none", "13900001010"),
            ["测试褚十一"] = ("resident", "13900001011"),
            ["测试卫十二"] = ("serving", "13900001012"),
        }, people);
        var roster = JsonNode.Parse(await admin.GetStringAsync("/api/roster?limit=200"))!["items"]!.AsArray();
        var ids = JsonNode.Parse(await admin.GetStringAsync("/api/people?limit=200"))!["items"]!.AsArray().ToDictionary(p => p!["id"]!.GetValue<string>(), p => p!["name"]!.GetValue<string>());
        var entries = roster.Where(r => ids.TryGetValue(r!["personId"]!.GetValue<string>(), out var name) && name.StartsWith("测试", StringComparison.Ordinal))
            .ToDictionary(r => ids[r!["personId"]!.GetValue<string>()], r => (r!["buildingId"]!.GetValue<string>(), r["unitId"]?.GetValue<string>(), r["role"]!.GetValue<string>()));
        Assert.Equal(("b1", "b1-u1", "unitHead"), entries["测试钱二"]);
        Assert.Equal(("b2", (string?)null, "propertySupervisor"), entries["测试王八"]);
        Assert.Equal(("b3", "b3-u2", "volunteer"), entries["测试卫十二"]);
        Assert.Equal(12, entries.Count);
    }

    [Theory]
    [InlineData("roster-password.xlsx", XlsxType)]
    [InlineData("roster-password.xls", "application/vnd.ms-excel")]
    public async Task A_password_protected_workbook_is_refused_with_what_to_do(string fixture, string contentType)
    {
        await using var controller = ControllerHost.Start("import-password-" + Path.GetExtension(fixture)[1..], demo: true);
        using var admin = await controller.AdminAsync();
        var head = await admin.HeadAsync();
        var file = await File.ReadAllBytesAsync(Path.Combine(Repo.Root, "tests", "SignageKiosk.Tests", "Fixtures", fixture));
        var (status, body) = await PostFileAsync(admin, $"/api/import/roster/preview?target={Compound}", file, contentType);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("文件已加密，请取消密码后再导入", body["detail"]!.GetValue<string>());
        Assert.Equal(head, await admin.HeadAsync());
    }

    [Fact]
    public async Task Duty_shifts_from_a_GBK_csv_import_with_an_overnight_shift_and_importing_again_changes_nothing()
    {
        await using var controller = ControllerHost.Start("import-duty", demo: true);
        using var admin = await controller.AdminAsync();
        var csv = "值班人,岗位,电话,开始,结束,地点\r\n"
            + "测试夜班,物业夜间值班,13805368899,2026-11-25 20:00,次日08:00,应急服务站\r\n"
            + "测试白班,驿站值班,,2026/11/25 08:00,2026/11/25 18:00,\"红色驿站, 一楼\"\r\n";
        var file = Encoding.GetEncoding("GBK").GetBytes(csv);
        Assert.Throws<DecoderFallbackException>(() => new UTF8Encoding(false, true).GetString(file));

        var preview = await PreviewAsync(admin, "duty-shifts", file, "text/csv");
        Assert.Equal((2, 0), (preview["valid"]!.GetValue<int>(), preview["invalid"]!.GetValue<int>()));
        Assert.Equal("测试夜班", preview["rows"]![0]!["values"]!["值班人"]!.GetValue<string>());
        Assert.Equal("红色驿站, 一楼", preview["rows"]![1]!["values"]!["地点"]!.GetValue<string>());
        var result = await ConfirmAsync(admin, preview["token"]!.GetValue<string>());
        Assert.Equal(2, result["written"]!.GetValue<int>());

        var shifts = JsonNode.Parse(await admin.GetStringAsync("/api/duty-shifts?limit=200"))!["items"]!.AsArray();
        var night = shifts.Single(s => s!["personName"]!.GetValue<string>() == "测试夜班")!;
        Assert.Equal(("2026-11-25T20:00:00", "2026-11-26T08:00:00", "应急服务站"), (night["start"]!.GetValue<string>(), night["end"]!.GetValue<string>(), night["location"]!.GetValue<string>()));
        Assert.Equal(Compound, night["target"]!["placeId"]!.GetValue<string>());

        // The same file again updates the same records: nothing new, nothing published.
        var head = await admin.HeadAsync();
        var second = await ConfirmAsync(admin, (await PreviewAsync(admin, "duty-shifts", file, "text/csv"))["token"]!.GetValue<string>());
        Assert.Equal((0, 2), (second["written"]!.GetValue<int>(), second["unchanged"]!.GetValue<int>()));
        Assert.Equal(head, await admin.HeadAsync());
        Assert.Equal(shifts.Count, JsonNode.Parse(await admin.GetStringAsync("/api/duty-shifts?limit=200"))!["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task An_export_re_imports_without_errors_onto_the_same_records()
    {
        await using var controller = ControllerHost.Start("import-export", demo: true);
        using var admin = await controller.AdminAsync();
        var head = await admin.HeadAsync();
        foreach (var (kind, expected) in new[] { ("roster", "/api/roster"), ("people", "/api/people"), ("duty-shifts", "/api/duty-shifts") })
        {
            using var export = await admin.GetAsync($"/api/export/{kind}?target={Compound}");
            Assert.Equal(HttpStatusCode.OK, export.StatusCode);
            Assert.Equal(XlsxType, export.Content.Headers.ContentType!.MediaType);
            Assert.EndsWith(".xlsx", export.Content.Headers.ContentDisposition!.FileNameStar ?? export.Content.Headers.ContentDisposition.FileName);
            var file = await export.Content.ReadAsByteArrayAsync();
            var count = JsonNode.Parse(await admin.GetStringAsync(expected))!["total"]!.GetValue<int>();

            var preview = await PreviewAsync(admin, kind, file, XlsxType);
            var errors = preview["rows"]!.AsArray().SelectMany(r => r!["errors"]!.AsArray()).Select(e => e!.GetValue<string>()).ToList();
            Assert.True(errors.Count == 0, $"{kind}: " + string.Join("\n", errors));
            Assert.Equal(count, preview["valid"]!.GetValue<int>());
            var result = await ConfirmAsync(admin, preview["token"]!.GetValue<string>());
            Assert.Equal((0, count, 0), (result["written"]!.GetValue<int>(), result["unchanged"]!.GetValue<int>(), result["skipped"]!.GetValue<int>()));
            Assert.Equal(count, JsonNode.Parse(await admin.GetStringAsync(expected))!["total"]!.GetValue<int>());
        }
        Assert.Equal(head, await admin.HeadAsync());
    }

    [Fact]
    public async Task A_property_manager_may_import_duty_shifts_but_a_roster_import_writes_nothing_and_says_why()
    {
        await using var controller = ControllerHost.Start("import-pm", demo: true);
        using var admin = await controller.AdminAsync();
        await admin.PostJsonAsync("/api/users", new { username = "pm1", password = "a-long-password", role = "propertyManager", scopePlaceId = Compound, mustChangePassword = false });
        using var pm = await controller.SignInAsync("pm1", "a-long-password");

        // Dates as Excel keeps them: serials in date/time styles (2026-11-26 is serial 46352).
        var duty = ExcelLike.Build(
            ["值班人员", "值班岗位", "联系电话", "开始时间", "结束时间", "值班地点"],
            ["测试物业", "物业夜间值班", "13805368800", new Styled(46352 + 20 / 24.0, ExcelLike.DateTime), "次日08:00", "应急服务站"],
            ["测试保安", "门岗", null, new Styled(46352 + 8 / 24.0, ExcelLike.ChineseDateTime), new Styled(46352 + 18 / 24.0, ExcelLike.DateTime), "东门"]);
        var preview = await PreviewAsync(pm, "duty-shifts", duty, XlsxType);
        Assert.Equal("2026-11-26 20:00", preview["rows"]![0]!["values"]!["开始"]!.GetValue<string>());
        Assert.Equal("2026-11-26 08:00", preview["rows"]![1]!["values"]!["开始"]!.GetValue<string>());
        Assert.Equal(0, preview["invalid"]!.GetValue<int>());

        // Only the user who previewed may confirm; the token stays theirs.
        using (var stolen = await admin.PostAsync($"/api/import/{preview["token"]}/confirm", null))
        {
            Assert.Equal(HttpStatusCode.NotFound, stolen.StatusCode);
        }
        var result = await ConfirmAsync(pm, preview["token"]!.GetValue<string>());
        Assert.Equal(2, result["written"]!.GetValue<int>());
        var shifts = await admin.GetStringAsync("/api/duty-shifts");
        Assert.Contains("2026-11-27T08:00:00", shifts);
        Assert.Contains("测试保安", shifts);

        var roster = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("楼栋,姓名,角色,电话\n1栋,测试甲,楼栋长,13900000001\n2栋,测试乙,网格员,13900000002\n")).ToArray();
        var rosterPreview = await PreviewAsync(pm, "roster", roster, "text/csv; charset=utf-8");
        Assert.Equal(2, rosterPreview["valid"]!.GetValue<int>());
        var head = await admin.HeadAsync();
        var refused = await ConfirmAsync(pm, rosterPreview["token"]!.GetValue<string>());
        Assert.Equal((0, 2), (refused["written"]!.GetValue<int>(), refused["skipped"]!.GetValue<int>()));
        Assert.All(refused["rows"]!.AsArray(), r =>
        {
            Assert.Equal("notAllowed", r!["status"]!.GetValue<string>());
            Assert.Contains("没有权限写入", r["errors"]![0]!.GetValue<string>());
        });
        Assert.Equal(head, await admin.HeadAsync());
        Assert.DoesNotContain("测试甲", await admin.GetStringAsync("/api/people"));

        // Outside their compound there is nothing to preview or export.
        var (status, body) = await PostFileAsync(pm, "/api/import/duty-shifts/preview?target=community-xingfuli", duty, XlsxType);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("不在你负责的范围内", body["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Wrong_types_oversized_files_bad_targets_and_unknown_tokens_are_refused_and_change_nothing()
    {
        await using var controller = ControllerHost.Start("import-bad", demo: true);
        using var admin = await controller.AdminAsync();
        var head = await admin.HeadAsync();
        var good = Encoding.UTF8.GetBytes("值班人,岗位,开始,结束\n李明,值班,2026-11-23 20:00,次日08:00\n");
        var manyRows = Encoding.UTF8.GetBytes("值班人,岗位,开始,结束\n" + string.Concat(Enumerable.Repeat("李明,值班,2026-11-23 20:00,次日08:00\n", 5001)));
        var failures = new List<string>();
        foreach (var (path, bytes, type, expected, message) in new (string, byte[], string, HttpStatusCode, string)[]
        {
            ("/api/import/duty-shifts/preview?target=" + Compound, good, "application/json", HttpStatusCode.UnsupportedMediaType, "请上传 .xlsx"),
            ("/api/import/duty-shifts/preview?target=" + Compound, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0], "application/vnd.ms-excel", HttpStatusCode.UnsupportedMediaType, "不是 Excel 或 CSV 文件"),
            ("/api/import/duty-shifts/preview?target=" + Compound, manyRows, "text/csv", HttpStatusCode.RequestEntityTooLarge, "最多导入 5000 行"),
            ("/api/import/duty-shifts/preview?target=" + Compound, [], "text/csv", HttpStatusCode.BadRequest, "文件是空的"),
            ("/api/import/duty-shifts/preview?target=" + Compound, Encoding.UTF8.GetBytes("\n\n"), "text/csv", HttpStatusCode.BadRequest, "没有内容"),
            ("/api/import/duty-shifts/preview?target=" + Compound, Encoding.UTF8.GetBytes("李明,值班,2026-11-23 20:00\n"), "text/csv", HttpStatusCode.BadRequest, "没有找到表头"),
            ("/api/import/duty-shifts/preview?target=" + Compound, Encoding.UTF8.GetBytes("值班人,岗位,开始,结束\n"), "text/csv", HttpStatusCode.BadRequest, "没有数据行"),
            ("/api/import/duty-shifts/preview?target=" + Compound, Encoding.UTF8.GetBytes("值班人,开始\n李明,2026-11-23 20:00\n"), "text/csv", HttpStatusCode.BadRequest, "缺少必填的列：岗位、结束"),
            ("/api/import/duty-shifts/preview?target=" + Compound, "PK\u0003\u0004 not really a zip"u8.ToArray(), XlsxType, HttpStatusCode.BadRequest, "Excel 文件已损坏"),
            ("/api/import/hotlines/preview?target=" + Compound, good, "text/csv", HttpStatusCode.BadRequest, "不能导入导出“hotlines”"),
            ("/api/import/duty-shifts/preview", good, "text/csv", HttpStatusCode.BadRequest, "?target="),
            ("/api/import/duty-shifts/preview?target=compound-nowhere", good, "text/csv", HttpStatusCode.BadRequest, "目标地点“compound-nowhere”不存在"),
            ("/api/import/roster/preview?target=b1", good, "text/csv", HttpStatusCode.BadRequest, "不是小区"),
            ("/api/import/0123456789abcdef0123456789abcdef/confirm", [], "text/csv", HttpStatusCode.NotFound, "导入令牌不存在"),
        })
        {
            var (status, body) = await PostFileAsync(admin, path, bytes, type);
            var error = body["detail"]?.GetValue<string>() ?? "";
            if (status != expected || !error.Contains(message, StringComparison.Ordinal))
            {
                failures.Add($"{path} ({type}, {bytes.Length} bytes): {(int)status} {body.ToJsonString()}");
            }
        }

        // Over 5 MB is refused from its declared length, before the body is sent (Expect: 100-continue, as curl does).
        using (var request = new HttpRequestMessage(HttpMethod.Post, $"/api/import/roster/preview?target={Compound}") { Content = new ByteArrayContent(new byte[6 * 1024 * 1024]) })
        {
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            request.Headers.ExpectContinue = true;
            using var response = await admin.SendAsync(request);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Contains("不能超过 5 MB", await response.Content.ReadAsStringAsync());
        }
        using (var anonymous = controller.Anonymous())
        using (var response = await anonymous.GetAsync($"/api/export/roster?target={Compound}"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        using (var response = await admin.GetAsync("/api/export/notices?target=" + Compound))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(head, await admin.HeadAsync());
    }

    private static async Task<(HttpStatusCode Status, JsonObject Body)> PostFileAsync(HttpClient client, string path, byte[] bytes, string contentType)
    {
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await client.PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(string.IsNullOrEmpty(text) ? "{}" : text) as JsonObject ?? []);
    }

    private static async Task<JsonObject> PreviewAsync(HttpClient client, string kind, byte[] file, string contentType)
    {
        var (status, body) = await PostFileAsync(client, $"/api/import/{kind}/preview?target={Compound}", file, contentType);
        Assert.True(status == HttpStatusCode.OK, $"preview answered {(int)status}: {body.ToJsonString()}");
        return body;
    }

    private static async Task<JsonObject> ConfirmAsync(HttpClient client, string token)
    {
        using var response = await client.PostAsync($"/api/import/{token}/confirm", null);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"confirm answered {(int)response.StatusCode}: {text}");
        return (JsonObject)JsonNode.Parse(text)!;
    }

    /// <summary>Text in several runs with a phonetic guide, as Excel and WPS store edited or IME-typed cells.</summary>
    private sealed record Rich(params string[] Runs);

    /// <summary>An inline string (t="inlineStr"), as some exporters write instead of shared strings.</summary>
    private sealed record Inline(string Text);

    /// <summary>A number shown through a cell style, such as a date.</summary>
    private sealed record Styled(double Value, int Style);

    /// <summary>
    /// Writes .xlsx packages shaped like Excel's own, independently of the controller's writer: shared strings,
    /// styles with built-in and custom date formats, a hidden first sheet, an absolute relationship target.
    /// </summary>
    internal static class ExcelLike
    {
        public const int DateTime = 1;
        public const int ChineseDateTime = 2;

        public static byte[] Build(params object?[][] rows)
        {
            var strings = new List<string>();
            var sheet = new StringBuilder();
            for (var r = 0; r < rows.Length; r++)
            {
                sheet.Append($"<row r=\"{r + 1}\">");
                for (var c = 0; c < rows[r].Length; c++)
                {
                    var reference = $"{(char)('A' + c)}{r + 1}";
                    switch (rows[r][c])
                    {
                        case null:
                            break;
                        case string text:
                            strings.Add($"<si><t>{SecurityElement.Escape(text)}</t></si>");
                            sheet.Append($"<c r=\"{reference}\" t=\"s\"><v>{strings.Count - 1}</v></c>");
                            break;
                        case Rich rich:
                            strings.Add("<si>" + string.Concat(rich.Runs.Select(run => $"<r><rPr><sz val=\"11\"/><rFont val=\"等线\"/></rPr><t>{SecurityElement.Escape(run)}</t></r>"))
                                + "<rPh sb=\"0\" eb=\"2\"><t>ce shi</t></rPh><phoneticPr fontId=\"1\" type=\"noConversion\"/></si>");
                            sheet.Append($"<c r=\"{reference}\" t=\"s\"><v>{strings.Count - 1}</v></c>");
                            break;
                        case Inline inline:
                            sheet.Append($"<c r=\"{reference}\" t=\"inlineStr\"><is><t>{SecurityElement.Escape(inline.Text)}</t></is></c>");
                            break;
                        case Styled styled:
                            sheet.Append($"<c r=\"{reference}\" s=\"{styled.Style}\"><v>{styled.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}</v></c>");
                            break;
                        case var number:
                            sheet.Append($"<c r=\"{reference}\"><v>{Convert.ToString(number, System.Globalization.CultureInfo.InvariantCulture)}</v></c>");
                            break;
                    }
                }
                sheet.Append("</row>");
            }

            const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
            const string Rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
            using var memory = new MemoryStream();
            using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
            {
                void Add(string path, string xml)
                {
                    using var writer = new StreamWriter(zip.CreateEntry(path).Open(), new UTF8Encoding(false));
                    writer.Write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n" + xml);
                }
                Add("[Content_Types].xml", """<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>""");
                Add("_rels/.rels", $"""<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{Rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
                Add("xl/workbook.xml", $"""<workbook xmlns="{Main}" xmlns:r="{Rel}"><workbookPr defaultThemeVersion="166925"/><sheets><sheet name="填表说明" sheetId="2" state="hidden" r:id="rId4"/><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>""");
                Add("xl/_rels/workbook.xml.rels", $"""<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId4" Type="{Rel}/worksheet" Target="/xl/worksheets/sheet2.xml"/><Relationship Id="rId1" Type="{Rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{Rel}/styles" Target="styles.xml"/><Relationship Id="rId3" Type="{Rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>""");
                Add("xl/styles.xml", $"""<styleSheet xmlns="{Main}"><numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot; hh:mm"/></numFmts><fonts count="1"><font><sz val="11"/><name val="等线"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="176" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>""");
                Add("xl/sharedStrings.xml", $"""<sst xmlns="{Main}" count="{strings.Count}" uniqueCount="{strings.Count}">{string.Concat(strings)}</sst>""");
                // A title alone on the first row is merged across the columns, as staff lay it out.
                var merges = rows[0].Length == 1 ? """<mergeCells count="1"><mergeCell ref="A1:H1"/></mergeCells>""" : "";
                Add("xl/worksheets/sheet1.xml", $"""<worksheet xmlns="{Main}" xmlns:r="{Rel}"><dimension ref="A1:H{rows.Length}"/><sheetData>{sheet}</sheetData>{merges}</worksheet>""");
                Add("xl/worksheets/sheet2.xml", $"""<worksheet xmlns="{Main}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>隐藏的填表说明，不是数据</t></is></c></row></sheetData></worksheet>""");
            }
            return memory.ToArray();
        }
    }
}
