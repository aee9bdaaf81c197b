using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SignageKiosk.Controller.Sync;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Reports;
using SignageKiosk.Shared.Sync;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.EndToEnd;

/// <summary>
/// 我要反映 and 查询进度 at the board (issue 15), in Chromium, by touch only: a report made while the controller is away
/// survives a SIGKILL of the kiosk and reaches staff exactly once; the same in 长辈模式; the look-up offline and online;
/// the month's figures; the QR code to the phone page.
/// </summary>
[RunsFor(75)]
public sealed class ReportAtTheBoardTests
{
    private const string Phone = "13912345678";

    private static readonly Dictionary<string, string> Quick = new()
    {
        ["Reports:SendInterval"] = "00:00:01",
        ["Kiosk:IdleSeconds"] = "600",
    };

    private static string Images
    {
        get
        {
            var path = Path.Combine(Repo.Root, "artifacts", "screenshots");
            Directory.CreateDirectory(path);
            return path;
        }
    }

    private static async Task<IPage> OpenAsync(IBrowser browser, KioskProcess kiosk)
    {
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 }, HasTouch = true });
        await page.GotoAsync(kiosk.Url + "/?proof=off");
        await page.WaitForFunctionAsync("() => window.signageBoard !== undefined");
        return page;
    }

    private static Task Touch(IPage page, string selector) => page.Locator(selector).ClickAsync();

    private static async Task<JsonArray> ReportsAsync(HttpClient staff) =>
        (await staff.GetFromJsonAsync<JsonObject>("/api/reports"))!["reports"]!.AsArray();

    private static async Task<JsonObject> LocalReportAsync(KioskProcess kiosk, string key)
    {
        using var board = await kiosk.BoardClientAsync();
        return (await board.GetFromJsonAsync<JsonObject>($"/reports/{key}"))!;
    }

    /// <summary>
    /// The whole form by touch: 报修 → 1栋 → 1单元 → 电梯故障 + 楼道灯不亮 → the phone on the pad → confirm → send.
    /// Returns the outbox key the page was given. Screenshots on the way when <paramref name="shots"/>.
    /// </summary>
    private static async Task<string> MakeReportAsync(IPage page, bool shots)
    {
        await Touch(page, ".tile-report");
        Assert.False(await page.Locator("[data-report-step=category]").IsHiddenAsync());
        if (shots)
        {
            await page.Locator(".report-qr").WaitForAsync(new() { Timeout = 10_000 });
            await page.ScreenshotAsync(new() { Path = Path.Combine(Images, "report-board-category.png") });
        }
        await Touch(page, "[data-action=report-category][data-category=repairs]");
        await Touch(page, "[data-action=report-building][data-report-building=a1]");
        await Touch(page, "[data-units-for=a1] [data-unit=a1-u1]");
        await Touch(page, "[data-phrases-for=repairs] [data-phrase='repairs.lift']");
        await Touch(page, "[data-phrases-for=repairs] [data-phrase='repairs.light']");
        Assert.Equal("true", await page.Locator("[data-phrase='repairs.lift']").GetAttributeAsync("aria-pressed"));
        await Touch(page, "[data-report-step=phrases] [data-action=report-next]");
        // A wrong digit, taken back with 删除: the pad is the only way in.
        foreach (var key in "1391")
        {
            await Touch(page, $"[data-report-step=phone] [data-key='{key}']");
        }
        await Touch(page, "[data-report-step=phone] [data-key=delete]");
        foreach (var key in Phone[3..])
        {
            await Touch(page, $"[data-report-step=phone] [data-key='{key}']");
        }
        Assert.Equal(Phone, await page.Locator(".report-phone-display").TextContentAsync());
        if (shots)
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(Images, "report-board-phone.png") });
        }
        await Touch(page, "[data-report-step=phone] [data-action=report-next]");
        var summary = await page.Locator(".report-summary").InnerTextAsync();
        foreach (var expected in new[] { "报修", "1栋", "1单元", "电梯故障、楼道灯不亮", Phone })
        {
            Assert.Contains(expected, summary);
        }
        var response = await page.RunAndWaitForResponseAsync(() => Touch(page, "[data-action=report-submit]"),
            r => r.Url.EndsWith("/reports", StringComparison.Ordinal) && r.Request.Method == "POST");
        Assert.Equal(202, response.Status);
        return (await response.JsonAsync())!.Value.GetProperty("key").GetString()!;
    }

    private static async Task AssertPhoneLeftThePageAsync(IPage page)
    {
        Assert.Equal("", await page.Locator(".report-phone-display").TextContentAsync());
        Assert.DoesNotContain(Phone, await page.ContentAsync());
        Assert.Equal("", await page.EvaluateAsync<string>("() => signageBoard.report.phone"));
    }

    [Fact]
    public async Task A_report_made_by_touch_while_the_controller_is_away_survives_a_kill_reaches_staff_once_and_its_answer_and_rating_follow_on_the_board()
    {
        await using var controller = ControllerHost.Start("board-report-offline");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await using var kiosk = await KioskProcess.StartAsync("board-report-offline", controller.Url, world.Credentials[world.KioskA], Quick);
        await kiosk.WaitForSeqAsync(await admin.HeadAsync());
        await controller.StopAsync();
        var (playwright, browser) = await Browser.LeaseAsync();
        try
        {
            var page = await OpenAsync(browser, kiosk);
            // The phone page's QR code shows offline too: the public address came with the last hello and was kept.
            var key = await MakeReportAsync(page, shots: true);
            await page.Locator("[data-report-result=pending]").WaitForAsync(new() { Timeout = 20_000 });
            Assert.Contains("已保存，网络恢复后自动送达", await page.Locator("[data-report-step=done]").InnerTextAsync());
            Assert.Contains("工作人员会打电话联系您", await page.Locator("[data-report-step=done]").InnerTextAsync());
            await AssertPhoneLeftThePageAsync(page);
            Assert.False(await page.Locator(".report-qr").IsHiddenAsync());
            var qr = Path.Combine(Images, "report-board-qr.png");
            await page.Locator(".report-qr img").ScreenshotAsync(new() { Path = qr });
            Assert.Equal($"{controller.Url}/r/{world.KioskA}", await DemoBoard.DecodeQrAsync(qr));
            Assert.Equal("pending", (await LocalReportAsync(kiosk, key))["state"]!.GetValue<string>());

            // A power cut, then the controller comes back.
            await kiosk.KillAsync();
            await kiosk.StartAsync();
            controller.Start();
            var delivered = await Eventually.Until(() => LocalReportAsync(kiosk, key), r => r["state"]!.GetValue<string>() == "delivered",
                "the kiosk to deliver the report made at the board\n" + kiosk.Output, TimeSpan.FromSeconds(60));
            var reference = delivered["reference"]!.GetValue<string>();
            var listed = Assert.Single(await ReportsAsync(admin))!;
            Assert.Equal(reference, listed["reference"]!.GetValue<string>());
            Assert.Equal("报修", listed["categoryName"]!.GetValue<string>());
            Assert.Equal(TestWorld.BuildingA1, listed["buildingId"]!.GetValue<string>());
            Assert.Equal("a1-u1", listed["unitId"]!.GetValue<string>());
            Assert.Equal(["电梯故障", "楼道灯不亮"], listed["phrases"]!.AsArray().Select(p => p!["text"]!.GetValue<string>()));
            Assert.Equal(Phone, listed["phone"]!.GetValue<string>());
            Assert.Equal(world.KioskA, listed["kioskId"]!.GetValue<string>());
            // Restarted once more: still one report.
            await kiosk.RestartAsync();
            await kiosk.WaitForSeqAsync(await admin.HeadAsync());
            Assert.Single(await ReportsAsync(admin));

            // Staff take it to its end: assigned to the compound's property manager, who starts and resolves it with a reply.
            var manager = await admin.PostJsonAsync("/api/users", new { username = "wuye-a", password = "a-long-password", role = "propertyManager", scopePlaceId = TestWorld.CompoundA, mustChangePassword = false });
            using var property = await controller.SignInAsync("wuye-a", "a-long-password");
            await admin.PostJsonAsync($"/api/reports/{reference}/assign", new { userId = manager["id"]!.GetValue<long>() });
            await property.PostJsonAsync($"/api/reports/{reference}/state", new { state = "inProgress", note = "已联系电梯维保" });
            await property.PostJsonAsync($"/api/reports/{reference}/state", new { state = "resolved", publicReply = "电梯已修好，楼道灯已更换。" });

            // The board follows: this month's figures of its compound, the look-up by touch, then the resident's rating.
            page = await OpenAsync(browser, kiosk);
            await Touch(page, ".tile-report");
            await page.Locator("[data-figure=resolved] dd", new() { HasTextString = "1 件" }).WaitForAsync(new() { Timeout = 30_000 });
            Assert.Equal("1 件", await page.Locator("[data-figure=received] dd").TextContentAsync());
            Assert.Equal("100%", await page.Locator("[data-figure=in-time] dd").TextContentAsync());
            await Touch(page, "[data-action=open][data-target=report-lookup]");
            foreach (var digit in reference.Where(char.IsAsciiDigit))
            {
                await Touch(page, $"[data-keypad=lookup-key] [data-key='{digit}']");
            }
            await Touch(page, "[data-action=lookup-submit]");
            await page.Locator(".lookup-status").WaitForAsync(new() { Timeout = 20_000 });
            var status = await page.Locator(".lookup-status").InnerTextAsync();
            Assert.Contains("已办结", status);
            Assert.Contains("电梯已修好，楼道灯已更换。", status);
            Assert.DoesNotContain("已联系电梯维保", await page.ContentAsync());
            Assert.DoesNotContain(Phone, await page.ContentAsync());
            Assert.False(await page.Locator(".lookup-rating").IsHiddenAsync());
            await page.ScreenshotAsync(new() { Path = Path.Combine(Repo.Root, "docs", "images", "report-board-lookup-resolved.png") });
            await Touch(page, "[data-action=lookup-rate][data-rating=satisfied]");
            await page.Locator(".lookup-rate-message", new() { HasTextString = "谢谢" }).WaitForAsync(new() { Timeout = 20_000 });
            var rated = await admin.GetFromJsonAsync<JsonObject>($"/api/reports/{reference}");
            Assert.Equal("satisfied", rated!["report"]!["rating"]!.GetValue<string>());
            // Once: a second rating is refused with the controller's reason, and the figures count the rating.
            using (var boardClient = await kiosk.BoardClientAsync())
            {
                using var again = await boardClient.PostAsJsonAsync("/reports/rate", new { reference, rating = "dissatisfied" });
                Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
                Assert.Contains("已经评价过了", (await again.Content.ReadFromJsonAsync<JsonObject>())!["error"]!.GetValue<string>());
            }
            await page.ReloadAsync();
            await page.WaitForFunctionAsync("() => window.signageBoard !== undefined");
            await Touch(page, ".tile-report");
            await page.Locator("[data-figure=satisfied] dd", new() { HasTextString = "100%" }).WaitForAsync(new() { Timeout = 30_000 });
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    [Fact]
    public async Task In_elder_mode_the_same_report_by_touch_shows_its_reference_when_online()
    {
        await using var controller = ControllerHost.Start("board-report-elder");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await using var kiosk = await KioskProcess.StartAsync("board-report-elder", controller.Url, world.Credentials[world.KioskA], Quick);
        await kiosk.WaitForSeqAsync(await admin.HeadAsync());
        var (playwright, browser) = await Browser.LeaseAsync();
        try
        {
            var page = await OpenAsync(browser, kiosk);
            await Touch(page, "[data-action=elder]");
            Assert.Equal("large", await page.EvaluateAsync<string>("() => document.documentElement.dataset.size"));
            await MakeReportAsync(page, shots: false);
            await page.Locator("[data-report-result=delivered]").WaitForAsync(new() { Timeout = 20_000 });
            var shown = (await page.Locator(".report-reference").TextContentAsync())!;
            Assert.True(ReportReference.IsWellFormed(shown), shown);
            Assert.Equal(shown, Assert.Single(await ReportsAsync(admin))!["reference"]!.GetValue<string>());
            await AssertPhoneLeftThePageAsync(page);
            // Every button of the screen is at least 64×64 in elder mode too, and the screen reads aloud what it shows.
            var small = await page.EvaluateAsync<string[]>("""
                () => Array.from(document.querySelectorAll('[data-screen=report] button')).filter(b => b.getClientRects().length > 0)
                  .map(b => b.getBoundingClientRect()).filter(r => r.width < 64 || r.height < 64).map(r => `${r.width}x${r.height}`)
                """);
            Assert.Empty(small);
            Assert.Contains(shown, await page.EvaluateAsync<string>("() => signageBoard.visibleText()"));
            await page.ScreenshotAsync(new() { Path = Path.Combine(Images, "report-board-done.png") });

            // 再反映一件 starts an empty form; going home empties it as well.
            await Touch(page, "[data-action=report-restart]");
            Assert.False(await page.Locator("[data-report-step=category]").IsHiddenAsync());
            Assert.Null(await page.EvaluateAsync<string?>("() => signageBoard.report.category"));
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    [Fact]
    public async Task The_look_up_offline_says_plainly_that_the_network_is_down_and_a_full_outbox_refuses_more()
    {
        await using var controller = ControllerHost.Start("board-report-lookup-offline");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        var settings = new Dictionary<string, string>(Quick) { ["Reports:MaxPending"] = "2" };
        await using var kiosk = await KioskProcess.StartAsync("board-report-lookup-offline", controller.Url, world.Credentials[world.KioskA], settings);
        await kiosk.WaitForSeqAsync(await admin.HeadAsync());
        await controller.StopAsync();
        var (playwright, browser) = await Browser.LeaseAsync();
        try
        {
            var page = await OpenAsync(browser, kiosk);
            await Touch(page, ".tile-report");
            await Touch(page, "[data-action=open][data-target=report-lookup]");
            foreach (var key in "202612050001")
            {
                await Touch(page, $"[data-keypad=lookup-key] [data-key='{key}']");
            }
            Assert.Equal("R20261205-0001", await page.Locator(".lookup-display").TextContentAsync());
            await Touch(page, "[data-action=lookup-submit]");
            await page.Locator(".lookup-message", new() { HasTextString = "网络未连接" }).WaitForAsync(new() { Timeout = 20_000 });
            Assert.Equal("网络未连接，暂时无法查询，请稍后再试", await page.Locator(".lookup-message").TextContentAsync());
            await page.ScreenshotAsync(new() { Path = Path.Combine(Images, "report-board-lookup.png") });

            using var board = await kiosk.BoardClientAsync();
            using (var offline = await board.GetAsync("/reports/lookup?reference=202612050001"))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, offline.StatusCode);
            }
            using (var bad = await board.GetAsync("/reports/lookup?reference=2026"))
            {
                Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
                Assert.Contains("完整的反映编号", (await bad.Content.ReadFromJsonAsync<JsonObject>())!["error"]!.GetValue<string>());
            }
            using (var stranger = new HttpClient { BaseAddress = new Uri(kiosk.Url) })
            {
                Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync("/reports/lookup?reference=202612050001")).StatusCode);
                Assert.Equal(HttpStatusCode.Forbidden, (await stranger.PostAsJsonAsync("/reports/rate", new { reference = "202612050001", rating = "satisfied" })).StatusCode);
            }

            // Reports:MaxPending = 2: the third pending report is refused in Chinese and nothing is stored.
            for (var i = 0; i < 2; i++)
            {
                using var ok = await board.PostAsJsonAsync("/reports", new { category = "noise", buildingId = "a2", phrases = new[] { "noise.night" } });
                Assert.Equal(HttpStatusCode.Accepted, ok.StatusCode);
            }
            using var full = await board.PostAsJsonAsync("/reports", new { category = "noise", buildingId = "a2" });
            Assert.Equal(HttpStatusCode.TooManyRequests, full.StatusCode);
            Assert.Contains("稍后再试", (await full.Content.ReadFromJsonAsync<JsonObject>())!["error"]!.GetValue<string>());
            await kiosk.KillAsync();
            using var store = KioskStoreFile.Open(kiosk.DataDirectory)!;
            Assert.Equal(2, store.Documents("reports"));
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    [Fact]
    public async Task The_look_up_online_shows_the_state_from_the_controller_and_an_unknown_number_plainly()
    {
        await using var controller = ControllerHost.Start("board-report-lookup-online");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await using var kiosk = await KioskProcess.StartAsync("board-report-lookup-online", controller.Url, world.Credentials[world.KioskA], Quick);
        await kiosk.WaitForSeqAsync(await admin.HeadAsync());
        using var board = await kiosk.BoardClientAsync();
        using var posted = await board.PostAsJsonAsync("/reports", new { category = "safetyHazard", buildingId = "a2", phrases = new[] { "safety.exit" } });
        var key = (await posted.Content.ReadFromJsonAsync<JsonObject>())!["key"]!.GetValue<string>();
        var reference = (await Eventually.Until(() => LocalReportAsync(kiosk, key), r => r["state"]!.GetValue<string>() == "delivered",
            "the report to be delivered\n" + kiosk.Output))["reference"]!.GetValue<string>();

        var (playwright, browser) = await Browser.LeaseAsync();
        try
        {
            var page = await OpenAsync(browser, kiosk);
            await Touch(page, ".tile-report");
            await Touch(page, "[data-action=open][data-target=report-lookup]");
            foreach (var key2 in reference.Where(char.IsAsciiDigit))
            {
                await Touch(page, $"[data-keypad=lookup-key] [data-key='{key2}']");
            }
            Assert.Equal(reference, await page.Locator(".lookup-display").TextContentAsync());
            await Touch(page, "[data-action=lookup-submit]");
            await page.Locator(".lookup-status").WaitForAsync(new() { Timeout = 20_000 });
            var shown = await page.Locator(".lookup-status").InnerTextAsync();
            Assert.Contains(reference, shown);
            Assert.Contains("安全隐患", shown);
            Assert.Contains("已受理", shown);
            Assert.True(await page.Locator(".lookup-rating").IsHiddenAsync());
            await page.ScreenshotAsync(new() { Path = Path.Combine(Images, "report-board-lookup-online.png") });

            // A number nobody was given.
            await Touch(page, "[data-keypad=lookup-key] [data-key=clear]");
            foreach (var digit in "209901019999")
            {
                await Touch(page, $"[data-keypad=lookup-key] [data-key='{digit}']");
            }
            await Touch(page, "[data-action=lookup-submit]");
            await page.Locator(".lookup-message", new() { HasTextString = "没有找到这个编号" }).WaitForAsync(new() { Timeout = 20_000 });

            // Not resolved yet: the controller refuses a rating, and the board passes its Chinese reason on.
            using var rate = await board.PostAsJsonAsync("/reports/rate", new { reference, rating = "satisfied" });
            Assert.Equal(HttpStatusCode.Conflict, rate.StatusCode);
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", (await rate.Content.ReadFromJsonAsync<JsonObject>())!["error"]!.GetValue<string>());
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    [Fact]
    public async Task The_months_figures_of_the_kiosks_compound_show_on_the_report_screen()
    {
        await using var controller = ControllerHost.Start("board-report-figures");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await using var kiosk = await KioskProcess.StartAsync("board-report-figures", controller.Url, world.Credentials[world.KioskA], Quick);
        await kiosk.WaitForSeqAsync(await admin.HeadAsync());
        // Figures are the controller's own items (never staff's): published here through its write path as the
        // controller's figures job does, for compound A (this kiosk's) and compound B (not this kiosk's).
        var month = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, ReportReference.Zone).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var publisher = controller.Services.GetRequiredService<Publisher>();
        var seqs = new List<long>();
        foreach (var (compound, received) in new[] { (TestWorld.CompoundA, 12), (TestWorld.CompoundB, 99) })
        {
            var figures = new ReportFigures
            {
                Id = "report-figures:" + compound, Target = ItemTarget.Place(compound), Month = month, Received = received, Resolved = 8, ResolvedInTime = 7,
                MedianDaysToResolve = 1.5, UpdatedAt = DateTimeOffset.UtcNow,
            };
            seqs.Add(await publisher.WriteAsync("test", (_, _) => Task.FromResult<IReadOnlyList<ChangeRecord>>(
                [new ChangeRecord(0, ContentKind.ReportFigures, figures.Id, ChangeOp.Upsert, compound, null, ContentJson.Serialize(figures))]), CancellationToken.None));
        }
        // The kiosk's cursor follows only what targets it: compound A's figures.
        await kiosk.WaitForSeqAsync(seqs[0]);
        var (playwright, browser) = await Browser.LeaseAsync();
        try
        {
            var page = await OpenAsync(browser, kiosk);
            await page.ScreenshotAsync(new() { Path = Path.Combine(Images, "report-board-home.png") });
            await Touch(page, ".tile-report");
            await page.ScreenshotAsync(new() { Path = Path.Combine(Images, "report-board-figures.png") });
            var figuresText = await page.Locator(".report-figures").InnerTextAsync();
            Assert.Contains("本月接诉即办", figuresText);
            Assert.Contains("12 件", figuresText);
            Assert.Contains("88%", figuresText);
            Assert.Contains("1.5 天", figuresText);
            Assert.DoesNotContain("99", figuresText);
            // Offline, after a restart: the last figures are still there (they are in the store).
            await controller.StopAsync();
            await kiosk.RestartAsync();
            await page.ReloadAsync();
            await page.WaitForFunctionAsync("() => window.signageBoard !== undefined");
            await Touch(page, ".tile-report");
            Assert.Contains("12 件", await page.Locator(".report-figures").InnerTextAsync());
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    [Fact]
    public async Task An_idle_board_goes_home_and_forgets_a_half_made_report_with_its_phone()
    {
        await using var controller = ControllerHost.Start("board-report-idle");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        var settings = new Dictionary<string, string>(Quick) { ["Kiosk:IdleSeconds"] = "3", ["Kiosk:AttractSeconds"] = "60" };
        await using var kiosk = await KioskProcess.StartAsync("board-report-idle", controller.Url, world.Credentials[world.KioskA], settings);
        await kiosk.WaitForSeqAsync(await admin.HeadAsync());
        var (playwright, browser) = await Browser.LeaseAsync();
        try
        {
            var page = await OpenAsync(browser, kiosk);
            await Touch(page, ".tile-report");
            await Touch(page, "[data-action=report-category][data-category=noise]");
            await Touch(page, "[data-action=report-building][data-report-building=a2]");
            await Touch(page, "[data-report-step=phrases] [data-action=report-next]");
            foreach (var key in "1391234")
            {
                await Touch(page, $"[data-report-step=phone] [data-key='{key}']");
            }
            Assert.Equal("1391234", await page.Locator(".report-phone-display").TextContentAsync());
            await page.WaitForFunctionAsync("() => document.documentElement.dataset.attract === '1'", null, new() { Timeout = 15_000 });
            Assert.Equal("home", await page.EvaluateAsync<string>("() => signageBoard.state.screen"));
            Assert.Equal("", await page.Locator(".report-phone-display").TextContentAsync());
            Assert.Null(await page.EvaluateAsync<string?>("() => signageBoard.report.category"));
            Assert.Equal("category", await page.EvaluateAsync<string>("() => signageBoard.report.step"));
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }
}
