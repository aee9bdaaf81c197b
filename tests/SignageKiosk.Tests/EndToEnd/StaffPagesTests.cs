using System.Net;
using Microsoft.Playwright;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.EndToEnd;

/// <summary>The staff pages in Chromium and over plain HTTP: sign-in, the notice form in Chinese, roles, antiforgery.</summary>
[RunsFor(35)]
public sealed class StaffPagesTests(DemoBoard board) : IClassFixture<DemoBoard>
{
    [Fact]
    public async Task Staff_publish_a_notice_with_the_form_and_the_board_shows_it()
    {
        var context = await board.Chromium.NewContextAsync(new() { ViewportSize = new() { Width = 1366, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(board.Controller.Url + "/admin/notices");
        Assert.EndsWith("/admin/login?ReturnUrl=%2Fadmin%2Fnotices", page.Url, StringComparison.OrdinalIgnoreCase);
        await page.FillAsync("#username", "admin");
        await page.FillAsync("#password", ControllerHost.AdminPassword);
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("通知公告");

        await page.ClickAsync("a[href='/admin/notices/edit']");
        var head = await board.Admin.HeadAsync();
        await page.FillAsync("#Body", "本周六上午九点在驿站门口集合。");
        await page.FillAsync("#ValidFrom", "2026-11-25T10:00");
        await page.FillAsync("#ValidTo", "2026-11-24T10:00");
        await page.ClickAsync("button.primary");
        // Said in Chinese, next to the fields, and nothing published.
        await Assertions.Expect(page.Locator("[data-error-for=title]")).ToHaveTextAsync("此项必填");
        await Assertions.Expect(page.Locator("[data-error-for=validTo]")).ToHaveTextAsync("结束时间必须晚于开始时间");
        Assert.Equal("本周六上午九点在驿站门口集合。", await page.InputValueAsync("#Body"));
        Assert.Equal(head, await board.Admin.HeadAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(DemoBoard.Artifacts, "admin-notice-errors.png") });

        await page.FillAsync("#Title", "周六上午志愿者大扫除");
        await page.FillAsync("#ValidFrom", "");
        await page.FillAsync("#ValidTo", "");
        await page.CheckAsync("input[name=Priority][value=Pinned]");
        await page.ClickAsync("button.primary");
        await Assertions.Expect(page.Locator(".notice-banner.ok")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("td", new() { HasText = "周六上午志愿者大扫除" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(DemoBoard.Artifacts, "admin-notices.png") });
        await board.Kiosk.WaitForBoardAsync(b => b.Contains("周六上午志愿者大扫除"), "the notice published from the form on the kiosk's board");

        // The preview shows the same board the kiosk renders.
        await page.GotoAsync(board.Controller.Url + "/admin/preview");
        var frame = page.FrameLocator("iframe.preview");
        await Assertions.Expect(frame.Locator(".station")).ToHaveTextAsync("丹桂苑红色驿站");
        await page.ScreenshotAsync(new() { Path = Path.Combine(DemoBoard.Artifacts, "admin-preview.png") });
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_station_master_s_notice_appears_on_the_board_only_after_approval()
    {
        await board.Admin.SendJsonAsync(HttpMethod.Post, "/api/users", new { username = "zhanzhang", password = "a-long-password", role = "stationMaster", scopePlaceId = "compound-dangui", mustChangePassword = false }, ensureSuccess: false);
        await board.Admin.SendJsonAsync(HttpMethod.Post, "/api/users", new { username = "shequ", password = "a-long-password", role = "communityStaff", scopePlaceId = "community-xingfuli", mustChangePassword = false }, ensureSuccess: false);

        Task<IPage> SignInAsync(string user) => board.Chromium.SignInToStaffPagesAsync(board.Controller.Url, user, "a-long-password", 1366, 900);

        var master = await SignInAsync("zhanzhang");
        await master.GotoAsync(board.Controller.Url + "/admin/notices/edit");
        await master.FillAsync("#Title", "驿站下周一闭馆消毒");
        await master.FillAsync("#Body", "下周一全天闭馆消毒，周二照常开放。");
        await master.ClickAsync("button.primary");
        await Assertions.Expect(master.Locator(".notice-banner.ok")).ToContainTextAsync("等待社区工作人员审核");
        await Task.Delay(800);
        Assert.DoesNotContain("驿站下周一闭馆消毒", await board.Kiosk.BoardAsync());

        var staff = await SignInAsync("shequ");
        await staff.GotoAsync(board.Controller.Url + "/admin/review");
        var card = staff.Locator(".card", new() { HasText = "驿站下周一闭馆消毒" });
        await Assertions.Expect(card).ToBeVisibleAsync();
        await staff.ScreenshotAsync(new() { Path = Path.Combine(DemoBoard.Artifacts, "admin-review.png") });
        await card.Locator("button.primary").ClickAsync();
        await Assertions.Expect(staff.Locator(".notice-banner.ok")).ToBeVisibleAsync();
        await board.Kiosk.WaitForBoardAsync(b => b.Contains("驿站下周一闭馆消毒"), "the approved notice on the board");
        await master.Context.CloseAsync();
        await staff.Context.CloseAsync();
    }

    [Fact]
    public async Task A_property_manager_updates_the_24_hour_hotline_and_tonight_s_duty_and_the_board_shows_both()
    {
        await board.Admin.SendJsonAsync(HttpMethod.Post, "/api/users", new { username = "wuye-e2e", password = "a-long-password", role = "propertyManager", scopePlaceId = "compound-dangui", mustChangePassword = false }, ensureSuccess: false);
        var page = await board.Chromium.SignInToStaffPagesAsync(board.Controller.Url, "wuye-e2e", "a-long-password", 1500, 1000);
        var context = page.Context;

        await page.GotoAsync(board.Controller.Url + "/admin/hotlines");
        var row = page.Locator("tr[data-hotline-id='h-property-24h']");
        await row.Locator("input[name=Number]").FillAsync("0536-81200OO");
        await row.Locator("button.primary").ClickAsync();
        await Assertions.Expect(page.Locator("tr[data-hotline-id='h-property-24h'] [data-error-for=number]")).ToHaveTextAsync("请填写正确的电话号码（数字、+、- 或空格）");
        row = page.Locator("tr[data-hotline-id='h-property-24h']");
        await row.Locator("input[name=Number]").FillAsync("0536-8120000");
        await row.Locator("button.primary").ClickAsync();
        await Assertions.Expect(page.Locator(".notice-banner.ok")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(DemoBoard.Artifacts, "admin-hotlines.png") });

        // Tonight's shift, written the way staff write one: it ends at a time earlier than it starts.
        var start = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime.AddHours(-1);
        if (start.Hour == 0)
        {
            // 00:xx would end at 23:00 the same day (not a night shift): start at 23:00 the day before instead.
            start = start.AddHours(-1);
        }
        await page.GotoAsync(board.Controller.Url + "/admin/duty");
        await page.FillAsync("#Date", start.ToString("yyyy-MM-dd"));
        await page.FillAsync("#StartTime", start.ToString("HH:00"));
        await page.FillAsync("#EndTime", start.AddHours(-1).ToString("HH:00"));
        await page.FillAsync("#PersonName", "夜班测试员");
        await page.FillAsync("#Role", "物业夜班");
        await page.FillAsync("#Phone", "13800009999");
        await page.ClickAsync("form.card button.primary");
        await Assertions.Expect(page.Locator(".notice-banner.ok")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".shift", new() { HasText = "夜班测试员" })).ToContainTextAsync("次日");
        await page.ScreenshotAsync(new() { Path = Path.Combine(DemoBoard.Artifacts, "admin-duty.png") });

        await board.Kiosk.WaitForBoardAsync(b => b.Contains("0536-8120000") && b.Contains("夜班测试员"), "the new hotline number and tonight's shift on the board");
        await context.CloseAsync();
    }

    [Fact]
    public async Task Staff_import_a_roster_from_xlsx_see_the_bad_row_s_error_and_confirm_the_rest()
    {
        var file = Integration.ImportTests.ExcelLike.Build(
            ["楼栋", "单元", "姓名", "角色", "党员", "手机", "电话公开"],
            ["3栋", "1单元", "导入测试甲", "单元长", "党员", "13900000101", "是"],
            ["9栋", null, "导入测试乙", "网格员", null, "13900000102", "否"],
            ["4栋", null, "导入测试丙", "志愿者", "双报到", "13900000103", "否"]);
        var page = await board.Chromium.SignInToStaffPagesAsync(board.Controller.Url, "admin", ControllerHost.AdminPassword, 1500, 1000);
        var context = page.Context;
        await page.GotoAsync(board.Controller.Url + "/admin/import");
        await page.SelectOptionAsync("#kind", "roster");
        await page.ChoosePlaceAsync("target", "丹桂苑", "丹桂苑小区");
        await page.SetInputFilesAsync("#file", new FilePayload { Name = "楼栋公示.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = file });
        var head = await board.Admin.HeadAsync();
        await page.ClickAsync("#import-form button.primary");

        var bad = page.Locator("#preview-table tr.invalid");
        await Assertions.Expect(bad).ToHaveCountAsync(1);
        await Assertions.Expect(bad.Locator("td.row-errors")).ToContainTextAsync("9栋");
        await Assertions.Expect(page.Locator("#preview-table tbody tr")).ToHaveCountAsync(3);
        Assert.Equal(head, await board.Admin.HeadAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(DemoBoard.Artifacts, "admin-import-preview.png") });

        await page.ClickAsync("#confirm");
        await Assertions.Expect(page.Locator("#result")).ToContainTextAsync("跳过 1 行");
        var board3 = await board.Kiosk.WaitForBoardAsync(b => b.Contains("导入测试甲") && b.Contains("导入测试丙"), "the imported people on the board");
        Assert.DoesNotContain("导入测试乙", board3);
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_picture_uploaded_with_a_notice_is_checked_and_the_board_shows_it_once_verified()
    {
        var page = await board.Chromium.SignInToStaffPagesAsync(board.Controller.Url, "admin", ControllerHost.AdminPassword, 1366, 1000);
        var context = page.Context;

        await page.GotoAsync(board.Controller.Url + "/admin/notices/edit");
        await page.FillAsync("#Title", "带图片的通知");
        var head = await board.Admin.HeadAsync();
        await page.SetInputFilesAsync("#Image", new FilePayload { Name = "poster.png", MimeType = "image/png", Buffer = "MZ not a picture"u8.ToArray() });
        await page.ClickAsync("button.primary");
        await Assertions.Expect(page.Locator("[data-error-for=image]")).ToHaveTextAsync("这不是 PNG、JPEG、WebP 或 GIF 图片");
        Assert.Equal(head, await board.Admin.HeadAsync());

        // With transparent pixels, so the controller's re-encoding keeps it a PNG.
        var png = TestImages.HalfTransparentPng(64, 48);
        await page.SetInputFilesAsync("#Image", new FilePayload { Name = "poster.png", MimeType = "image/png", Buffer = png });
        await page.ClickAsync("button.primary");
        await Assertions.Expect(page.Locator(".notice-banner.ok")).ToBeVisibleAsync();
        var sha = await ImageOfNoticeAsync("带图片的通知");
        var stored = await board.Admin.GetByteArrayAsync("/api/media/" + sha);
        var html = await board.Kiosk.WaitForBoardAsync(b => b.Contains("带图片的通知") && b.Contains("/media/" + sha), "the notice with its verified picture on the board");
        using var picture = await new HttpClient().GetAsync(board.Kiosk.Url + "/media/" + sha);
        Assert.Equal("image/png", picture.Content.Headers.ContentType?.MediaType);
        Assert.Equal(stored, await picture.Content.ReadAsByteArrayAsync());
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_picture_over_20_MB_is_refused_next_to_the_field_and_a_3_MB_one_is_accepted()
    {
        var page = await board.Chromium.SignInToStaffPagesAsync(board.Controller.Url, "admin", ControllerHost.AdminPassword, 1366, 1000);
        var context = page.Context;
        var folder = Repo.TempDirectory("upload-limit");
        var tooLarge = Path.Combine(folder, "poster-21mb.png");
        var oversized = PngFile.Noise(16, 16);
        Array.Resize(ref oversized, 21 * 1024 * 1024);
        await File.WriteAllBytesAsync(tooLarge, oversized);
        var photo = PngFile.Noise(1024, 1024);
        Assert.InRange(photo.Length, 3 * 1000 * 1000, 4 * 1024 * 1024);
        var underLimit = Path.Combine(folder, "poster-3mb.png");
        await File.WriteAllBytesAsync(underLimit, photo);

        await page.GotoAsync(board.Controller.Url + "/admin/notices/edit");
        await Assertions.Expect(page.Locator("label[for=Image]")).ToContainTextAsync("不超过 20 MB");
        await page.FillAsync("#Title", "大图片通知");
        await page.FillAsync("#Body", "图片太大时，写好的字不能丢。");
        var head = await board.Admin.HeadAsync();
        await page.SetInputFilesAsync("#Image", tooLarge);
        await page.ClickAsync("button.primary");
        // Said next to the field, with what was typed still there, and nothing saved.
        await Assertions.Expect(page.Locator("[data-error-for=image]")).ToHaveTextAsync("图片不能超过 20 MB");
        Assert.Equal("大图片通知", await page.InputValueAsync("#Title"));
        Assert.Equal("图片太大时，写好的字不能丢。", await page.InputValueAsync("#Body"));
        Assert.Equal(head, await board.Admin.HeadAsync());
        Assert.DoesNotContain("大图片通知", await board.Admin.GetStringAsync("/api/notices"));

        // Over the controller's 1 MB for JSON, well under the picture's 20 MB: taken.
        await page.SetInputFilesAsync("#Image", underLimit);
        await page.ClickAsync("button.primary");
        await Assertions.Expect(page.Locator(".notice-banner.ok")).ToBeVisibleAsync();
        // Stored as the controller re-encoded it: an opaque picture becomes a JPEG of its own hash.
        var sha = await ImageOfNoticeAsync("大图片通知");
        var stored = await board.Admin.GetByteArrayAsync("/api/media/" + sha);
        Assert.Equal(sha, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stored)));
        Assert.Equal([0xFF, 0xD8, 0xFF], stored[..3]);
        await context.CloseAsync();
        var saved = await board.Admin.HeadAsync();

        // The oversized form is still a form: without its antiforgery token it is refused, not rendered.
        using var staff = new StaffBrowserClient(board.Controller.Url);
        await staff.SignInAsync("admin", ControllerHost.AdminPassword);
        using var forged = new MultipartFormDataContent
        {
            { new StringContent("伪造的大图通知"), "Title" },
            { new StringContent("compound-dangui"), "TargetPlaceId" },
            { new ByteArrayContent(oversized), "Image", "big.png" },
        };
        using var refused = await staff.PostAsync("/admin/notices/edit", forged);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(saved, await board.Admin.HeadAsync());
    }

    [Fact]
    public async Task An_import_file_over_5_MB_is_refused_next_to_the_field_and_a_2_MB_one_reaches_the_import()
    {
        var folder = Repo.TempDirectory("import-limit");
        var header = "楼栋,单元,姓名,角色,党员,手机,电话公开\n";
        var rows = string.Concat(Enumerable.Range(0, 30_000).Select(i => $"3栋,1单元,导入测试{i},志愿者,,1390000{i % 10000:D4},否\n"));
        var big = Path.Combine(folder, "roster-big.csv");
        await File.WriteAllTextAsync(big, header + rows + rows + rows + rows);
        Assert.True(new FileInfo(big).Length > 5 * 1024 * 1024);
        var medium = Path.Combine(folder, "roster-medium.csv");
        await File.WriteAllTextAsync(medium, header + rows);
        Assert.InRange(new FileInfo(medium).Length, 1024 * 1024 + 1, 5 * 1024 * 1024);

        var page = await board.Chromium.SignInToStaffPagesAsync(board.Controller.Url, "admin", ControllerHost.AdminPassword, 1500, 1000);
        await page.GotoAsync(board.Controller.Url + "/admin/import");
        await Assertions.Expect(page.Locator("label[for=file]")).ToContainTextAsync("不超过 5 MB");
        await page.SelectOptionAsync("#kind", "roster");
        await page.ChoosePlaceAsync("target", "丹桂苑", "丹桂苑小区");
        var head = await board.Admin.HeadAsync();
        await page.SetInputFilesAsync("#file", big);
        await page.ClickAsync("#import-form button.primary");
        await Assertions.Expect(page.Locator("[data-error-for=file]")).ToHaveTextAsync("文件不能超过 5 MB");

        // Over 1 MB and under 5 MB: the import itself reads it and answers with its own rule.
        await page.SetInputFilesAsync("#file", medium);
        await page.ClickAsync("#import-form button.primary");
        await Assertions.Expect(page.Locator("#failure")).ToContainTextAsync("一次最多导入 5000 行");
        await Assertions.Expect(page.Locator("[data-error-for=file]")).ToBeHiddenAsync();
        Assert.Equal(head, await board.Admin.HeadAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_new_hotline_is_added_from_the_page_and_shows_on_the_board()
    {
        using var staff = new StaffBrowserClient(board.Controller.Url);
        await staff.SignInAsync("admin", ControllerHost.AdminPassword);
        var token = await staff.TokenFromAsync("/admin/hotlines");
        using var refused = await staff.PostFormAsync("/admin/hotlines?handler=Add", new()
        {
            ["Name"] = "", ["Number"] = "0536-8120101", ["Category"] = "Repair", ["TargetPlaceId"] = "compound-dangui", ["__RequestVerificationToken"] = token,
        });
        Assert.Contains("此项必填", await refused.Content.ReadAsStringAsync());
        using var added = await staff.PostFormAsync("/admin/hotlines?handler=Add", new()
        {
            ["Name"] = "丹桂苑水电维修", ["Number"] = "0536-8120101", ["Hours"] = "8:00-20:00", ["Category"] = "Repair", ["TargetPlaceId"] = "compound-dangui", ["__RequestVerificationToken"] = token,
        });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        await board.Kiosk.WaitForBoardAsync(b => b.Contains("丹桂苑水电维修") && b.Contains("0536-8120101"), "the new hotline on the board");
    }

    [Fact]
    public async Task Forms_without_an_antiforgery_token_are_rejected_and_change_nothing()
    {
        using var staff = new StaffBrowserClient(board.Controller.Url);
        Assert.Equal(HttpStatusCode.Redirect, (await staff.SignInAsync("admin", ControllerHost.AdminPassword)).StatusCode);
        var head = await board.Admin.HeadAsync();
        var fields = new Dictionary<string, string> { ["Title"] = "伪造的通知", ["Priority"] = "Normal", ["Category"] = "General", ["TargetPlaceId"] = "compound-dangui" };
        using var forged = await staff.PostFormAsync("/admin/notices/edit", fields);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(head, await board.Admin.HeadAsync());

        // With the token from the form, the same post goes through.
        fields["__RequestVerificationToken"] = await staff.TokenFromAsync("/admin/notices/edit");
        using var real = await staff.PostFormAsync("/admin/notices/edit", fields);
        Assert.Equal(HttpStatusCode.Redirect, real.StatusCode);
        Assert.True(await board.Admin.HeadAsync() > head);
    }

    [Fact]
    public async Task A_property_manager_cannot_reach_the_notice_pages()
    {
        await board.Admin.SendJsonAsync(HttpMethod.Post, "/api/users", new { username = "wuye", password = "a-long-password", role = "propertyManager", scopePlaceId = "compound-dangui", mustChangePassword = false }, ensureSuccess: false);
        using var staff = new StaffBrowserClient(board.Controller.Url);
        await staff.SignInAsync("wuye", "a-long-password");
        foreach (var path in new[] { "/admin/notices", "/admin/notices/edit", "/admin/notices/edit?id=n-water-outage" })
        {
            using var response = await staff.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            var location = new Uri(new Uri(board.Controller.Url), response.Headers.Location!);
            Assert.Equal("/admin/denied", location.AbsolutePath, ignoreCase: true);
            using var denied = await staff.GetAsync(location.PathAndQuery);
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        }
        var head = await board.Admin.HeadAsync();
        var token = await staff.TokenFromAsync("/admin/login");
        using var post = await staff.PostFormAsync("/admin/notices?handler=Delete&id=n-water-outage", new() { ["__RequestVerificationToken"] = token });
        Assert.NotEqual(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal(head, await board.Admin.HeadAsync());
    }

    [Fact]
    public async Task Administrators_manage_users_and_read_the_audit_log_on_their_pages_and_nobody_else_can()
    {
        using var admin = new StaffBrowserClient(board.Controller.Url);
        await admin.SignInAsync("admin", ControllerHost.AdminPassword);
        var token = await admin.TokenFromAsync("/admin/users");
        using var created = await admin.PostFormAsync("/admin/users", new()
        {
            ["NewUsername"] = "page-user", ["NewPassword"] = "a-long-password", ["NewRole"] = "CommunityStaff",
            ["NewScope"] = "community-xingfuli", ["__RequestVerificationToken"] = token,
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        using (var list = await admin.GetAsync("/admin/users"))
        {
            Assert.Contains("data-user=\"page-user\"", await list.Content.ReadAsStringAsync());
        }
        token = await admin.TokenFromAsync("/admin/users");
        using (var weak = await admin.PostFormAsync("/admin/users", new()
        {
            ["NewUsername"] = "weak", ["NewPassword"] = "short", ["NewRole"] = "Admin", ["__RequestVerificationToken"] = token,
        }))
        {
            Assert.Contains("at least 10", await weak.Content.ReadAsStringAsync());
        }
        using (var audit = await admin.GetAsync("/admin/audit?kind=users"))
        {
            var html = await audit.Content.ReadAsStringAsync();
            Assert.Contains("users/page-user", html);
            Assert.DoesNotContain("notices/", html);
        }

        // The password the administrator chose is replaced at the first sign-in, before anything else.
        using var staff = new StaffBrowserClient(board.Controller.Url);
        using (var signIn = await staff.SignInAsync("page-user", "a-long-password"))
        {
            Assert.StartsWith("/admin/password", signIn.Headers.Location!.OriginalString);
        }
        using (var changed = await staff.PostFormAsync("/admin/password", new()
        {
            ["CurrentPassword"] = "a-long-password", ["NewPassword"] = "page-user-own-pw", ["ConfirmPassword"] = "page-user-own-pw",
            ["__RequestVerificationToken"] = await staff.TokenFromAsync("/admin/password"),
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        }
        foreach (var path in new[] { "/admin/users", "/admin/audit" })
        {
            using var response = await staff.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/admin/denied", response.Headers.Location!.ToString());
        }
    }

    [Fact]
    public async Task An_administrator_changes_a_role_resets_a_password_and_disables_an_account_on_the_users_page()
    {
        var created = await board.Admin.PostJsonAsync("/api/users", new { username = "bianji", password = "a-long-password", role = "communityStaff", scopePlaceId = "community-xingfuli", mustChangePassword = false });
        var id = created["id"]!.GetValue<long>();
        var member = await board.Chromium.SignInToStaffPagesAsync(board.Controller.Url, "bianji", "a-long-password", 1366, 900);
        var admin = await board.Chromium.SignInToStaffPagesAsync(board.Controller.Url, "admin", ControllerHost.AdminPassword, 1366, 900);

        // A new role: the member's open session ends at their next click.
        await admin.GotoAsync(board.Controller.Url + "/admin/users");
        var row = admin.Locator("tr[data-user=bianji]");
        await row.Locator("summary").ClickAsync();
        var edit = row.Locator("form[data-edit=bianji]");
        await edit.Locator("select[name=EditRole]").SelectOptionAsync("PropertyManager");
        // The row's own picker (decision 0035): its ids end with the account's id.
        await Assertions.Expect(row.Locator("td[data-scope]")).ToHaveTextAsync("城南区 / 幸福路街道 / 幸福里社区");
        await admin.ChoosePlaceAsync($"EditScope-{id}", "丹桂苑", "丹桂苑小区");
        await admin.ScreenshotAsync(new() { Path = Path.Combine(DemoBoard.Artifacts, "admin-user-edit.png") });
        await edit.Locator("button.primary").ClickAsync();
        await Assertions.Expect(admin.Locator(".notice-banner.ok")).ToContainTextAsync("已保存");
        await Assertions.Expect(admin.Locator("tr[data-user=bianji] td[data-role]")).ToHaveTextAsync("物业");
        await Assertions.Expect(admin.Locator("tr[data-user=bianji] td[data-scope]")).ToContainTextAsync("丹桂苑小区");
        await member.GotoAsync(board.Controller.Url + "/admin/hotlines");
        Assert.Contains("/admin/login", member.Url);

        // A reset: the member must choose their own password at the next sign-in.
        await admin.Locator("tr[data-user=bianji] summary").ClickAsync();
        await admin.FillAsync($"#ResetTo-{id}", "temporary-pw-bj");
        await admin.Locator("form[data-reset=bianji] button").ClickAsync();
        await Assertions.Expect(admin.Locator(".notice-banner.ok")).ToContainTextAsync("密码已重置");
        await Assertions.Expect(admin.Locator("tr[data-user=bianji] td[data-state]")).ToHaveTextAsync("待修改密码");
        await member.FillAsync("#username", "bianji");
        await member.FillAsync("#password", "temporary-pw-bj");
        await member.ClickAsync("button[type=submit]");
        await Assertions.Expect(member.Locator("h1")).ToHaveTextAsync("修改密码");
        await Assertions.Expect(member.Locator("[data-forced]")).ToContainTextAsync("临时密码");
        await member.ScreenshotAsync(new() { Path = Path.Combine(DemoBoard.Artifacts, "admin-password-forced.png") });
        await member.FillAsync("#CurrentPassword", "temporary-pw-bj");
        await member.FillAsync("#NewPassword", "bianji-own-pw-1");
        await member.FillAsync("#ConfirmPassword", "bianji-own-pw-1");
        await member.ClickAsync("button.primary");
        // Then on to the page they were going to, in their new role.
        await Assertions.Expect(member.Locator("h1")).ToHaveTextAsync("服务热线");
        await member.GotoAsync(board.Controller.Url + "/admin");
        await Assertions.Expect(member.Locator("h1")).ToContainTextAsync("bianji");

        // Disabled: signed out everywhere, and no way back in.
        await admin.GotoAsync(board.Controller.Url + "/admin/users");
        await admin.Locator("tr[data-user=bianji] summary").ClickAsync();
        await admin.Locator("form[data-edit=bianji] input[name=EditDisabled]").CheckAsync();
        await admin.Locator("form[data-edit=bianji] button.primary").ClickAsync();
        await Assertions.Expect(admin.Locator("tr[data-user=bianji] td[data-state]")).ToHaveTextAsync("已停用");
        await member.ReloadAsync();
        Assert.Contains("/admin/login", member.Url);
        await member.FillAsync("#username", "bianji");
        await member.FillAsync("#password", "bianji-own-pw-1");
        await member.ClickAsync("button[type=submit]");
        await Assertions.Expect(member.Locator(".notice-banner.error")).ToHaveTextAsync("此账号已停用，请联系管理员。");

        // Each change is in the audit log, with what it was before and after.
        await admin.GotoAsync(board.Controller.Url + "/admin/audit?kind=users&itemId=bianji");
        var audit = await admin.Locator("main").InnerTextAsync();
        foreach (var action in new[] { "修改", "重置密码", "修改密码" })
        {
            Assert.Contains(action, audit);
        }
        Assert.DoesNotContain("temporary-pw-bj", audit);
        var entries = System.Text.Json.Nodes.JsonNode.Parse(await board.Admin.GetStringAsync("/api/audit?kind=users&itemId=bianji"))!["items"]!.AsArray();
        Assert.Equal(["update", "change-password", "reset-password", "update", "create"], entries.Select(e => e!["action"]!.GetValue<string>()));
        Assert.True(entries[0]!["after"]!["disabled"]!.GetValue<bool>());
        Assert.Equal("communityStaff", entries[3]!["before"]!["role"]!.GetValue<string>());
        Assert.Equal("propertyManager", entries[3]!["after"]!["role"]!.GetValue<string>());
        await member.Context.CloseAsync();
        await admin.Context.CloseAsync();
    }

    /// <summary>The hash of the picture the controller stored for the notice of that title (not the uploaded bytes').</summary>
    private async Task<string> ImageOfNoticeAsync(string title) =>
        System.Text.Json.Nodes.JsonNode.Parse(await board.Admin.GetStringAsync("/api/notices?limit=200"))!["items"]!.AsArray()
            .Single(n => n!["title"]!.GetValue<string>() == title)!["image"]!["sha256"]!.GetValue<string>();

    [Fact]
    public async Task Wrong_passwords_are_refused_in_Chinese_and_English_is_one_click_away()
    {
        using var staff = new StaffBrowserClient(board.Controller.Url);
        using var wrong = await staff.SignInAsync("admin", "not-the-password");
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("用户名或密码不正确", await wrong.Content.ReadAsStringAsync());
        using var english = await staff.GetAsync("/admin/lang/en?back=/admin/login");
        Assert.Equal("/admin/login", english.Headers.Location!.OriginalString);
        using var login = await staff.GetAsync("/admin/login");
        Assert.Contains("Sign in", await login.Content.ReadAsStringAsync());
        using var evil = await staff.GetAsync("/admin/lang/zh?back=//evil.example/");
        Assert.Equal("/admin", evil.Headers.Location!.OriginalString);
    }
}
