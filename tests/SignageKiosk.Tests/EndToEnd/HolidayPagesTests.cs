using System.Text.Json.Nodes;
using Microsoft.Playwright;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.EndToEnd;

/// <summary>
/// 节假日 and the activity form's one-off change in Chromium: what staff do on the pages reaches the kiosk's
/// board, open in Chromium too. Its own demo board: a holiday today must not pause other classes' activities.
/// </summary>
public sealed class HolidayPagesTests(DemoBoard board) : IClassFixture<DemoBoard>
{
    private const string Password = "a-long-password";
    private static readonly DateTime Today = ShanghaiDay.Today();

    private async Task<IPage> SignInAsync(string username, string role, string scope)
    {
        await board.Admin.SendJsonAsync(HttpMethod.Post, "/api/users", new { username, password = Password, role, scopePlaceId = scope, mustChangePassword = false }, ensureSuccess: false);
        return await board.Chromium.SignInToStaffPagesAsync(board.Controller.Url, username, Password, 1500, 1100);
    }

    /// <summary>
    /// A weekly activity whose occurrence today lasts all day (00:00–23:59: the form keeps start and end on one
    /// date), published through the API.
    /// </summary>
    private async Task PublishWeeklyAsync(string id, string title)
    {
        var seq = await board.Admin.PublishAsync("activities", new
        {
            id, title, room = "书画室",
            start = Today.AddDays(-7).ToString("yyyy-MM-ddTHH:mm:ss"), end = Today.AddDays(-7).AddMinutes(23 * 60 + 59).ToString("yyyy-MM-ddTHH:mm:ss"),
            // An exception date the form does not show: saving the form must keep it.
            recurrence = new { frequency = "weekly", exceptions = new[] { Today.AddDays(7).ToString("yyyy-MM-dd") } },
            target = new { placeId = "compound-dangui" },
        });
        await board.Kiosk.WaitForSeqAsync(seq);
    }

    [Fact]
    public async Task Community_staff_mark_today_as_a_holiday_and_the_board_names_it_and_pauses_the_weekly_activity()
    {
        await PublishWeeklyAsync("e2e-taichi", "太极拳晨练");
        var boardPage = await board.OpenAsync();
        var taichi = boardPage.Locator("[data-activity-id='e2e-taichi']");
        await Assertions.Expect(taichi.First).ToBeAttachedAsync();

        var page = await SignInAsync("shequ-holidays", "communityStaff", "community-xingfuli");
        await page.ClickAsync("header nav a[href='/admin/holidays']");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("节假日");

        // A missing name is said in Chinese next to the field, and nothing is written.
        var head = await board.Admin.HeadAsync();
        await page.FillAsync("#Date", Today.ToString("yyyy-MM-dd"));
        await page.ClickAsync("form.card button.primary");
        await Assertions.Expect(page.Locator("[data-error-for=name]")).ToHaveTextAsync("此项必填");
        Assert.Equal(head, await board.Admin.HeadAsync());

        await page.FillAsync("#Name", "社区邻里节");
        await page.ChoosePlaceAsync("TargetPlaceId", "幸福里", "幸福里社区");
        await page.ClickAsync("form.card button.primary");
        await Assertions.Expect(page.Locator(".notice-banner.ok")).ToBeVisibleAsync();
        var row = page.Locator("tr", new() { HasText = "社区邻里节" });
        await Assertions.Expect(row).ToContainTextAsync(Today.ToString("yyyy-MM-dd"));
        await Assertions.Expect(row).ToContainTextAsync("幸福里社区");
        await page.ScreenshotAsync(new() { Path = Path.Combine(DemoBoard.Artifacts, "admin-holidays.png"), FullPage = true });

        await Assertions.Expect(boardPage.Locator(".zone-header .today .holiday")).ToHaveTextAsync("社区邻里节", new() { Timeout = 10_000 });
        await Assertions.Expect(taichi).ToHaveCountAsync(0);
        await boardPage.ScreenshotAsync(new() { Path = Path.Combine(DemoBoard.Artifacts, "board-holiday.png") });

        await row.Locator("button.danger").ClickAsync();
        await Assertions.Expect(page.Locator(".notice-banner.ok")).ToHaveTextAsync("已删除。");
        await Assertions.Expect(page.Locator("tr", new() { HasText = "社区邻里节" })).ToHaveCountAsync(0);
        await Assertions.Expect(boardPage.Locator(".zone-header .today .holiday")).ToHaveCountAsync(0, new() { Timeout = 10_000 });
        await Assertions.Expect(taichi.First).ToBeAttachedAsync();
        await page.Context.CloseAsync();
        await boardPage.CloseAsync();
    }

    [Fact]
    public async Task A_property_manager_has_no_holidays_page()
    {
        var page = await SignInAsync("wuye-holidays", "propertyManager", "compound-dangui");
        await Assertions.Expect(page.Locator("header nav a[href='/admin/holidays']")).ToHaveCountAsync(0);
        var response = await page.GotoAsync(board.Controller.Url + "/admin/holidays");
        Assert.Equal(403, response!.Status);
        Assert.EndsWith("/admin/denied", new Uri(page.Url).AbsolutePath, StringComparison.OrdinalIgnoreCase);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_activity_form_changes_one_date_and_withdraws_the_change_again()
    {
        await PublishWeeklyAsync("e2e-calligraphy", "书法班");
        var boardPage = await board.OpenAsync();
        var room = boardPage.Locator("[data-activity-id='e2e-calligraphy'] .room").First;
        await Assertions.Expect(room).ToHaveTextAsync("书画室");

        var page = await SignInAsync("shequ-changes", "communityStaff", "community-xingfuli");
        await page.GotoAsync(board.Controller.Url + "/admin/activities/edit?id=e2e-calligraphy");
        await Assertions.Expect(page.Locator("#Title")).ToHaveValueAsync("书法班");

        // Tomorrow is not a date of this weekly series: refused in Chinese beside the change, nothing written.
        var head = await board.Admin.HeadAsync();
        var tomorrow = Today.AddDays(1).ToString("yyyy-MM-dd");
        await page.FillAsync("#ChangeDate", tomorrow);
        await page.FillAsync("#ChangeRoom", "居民议事厅");
        await page.ClickAsync("form.card button.primary");
        await Assertions.Expect(page.Locator("[data-error-for=changes]")).ToHaveTextAsync(tomorrow + " 这一天本来没有这项活动，请选择系列中的日期");
        await Assertions.Expect(page.Locator(".field.changes.invalid")).ToBeVisibleAsync();
        Assert.Equal(head, await board.Admin.HeadAsync());

        await page.FillAsync("#ChangeDate", Today.ToString("yyyy-MM-dd"));
        await page.ClickAsync("form.card button.primary");
        await Assertions.Expect(page.Locator(".notice-banner.ok")).ToBeVisibleAsync();
        await Assertions.Expect(room).ToHaveTextAsync("居民议事厅", new() { Timeout = 10_000 });

        // The change is listed on the form; withdrawing it (and marking the series as held on holidays) saves both.
        await page.GotoAsync(board.Controller.Url + "/admin/activities/edit?id=e2e-calligraphy");
        var listed = page.Locator($"li[data-change-date='{Today:yyyy-MM-dd}']");
        await Assertions.Expect(listed).ToContainTextAsync("居民议事厅");
        await page.ScreenshotAsync(new() { Path = Path.Combine(DemoBoard.Artifacts, "admin-activity-change.png"), FullPage = true });
        await listed.Locator("input[name=RemoveChanges]").CheckAsync();
        await page.CheckAsync("#HeldOnHolidays");
        await page.ClickAsync("form.card button.primary");
        await Assertions.Expect(page.Locator(".notice-banner.ok")).ToBeVisibleAsync();
        await Assertions.Expect(room).ToHaveTextAsync("书画室", new() { Timeout = 10_000 });
        var stored = JsonNode.Parse(await board.Admin.GetStringAsync("/api/activities/e2e-calligraphy"))!;
        Assert.True(stored["heldOnHolidays"]!.GetValue<bool>());
        Assert.Empty(stored["recurrence"]!["changes"]!.AsArray());
        Assert.Equal(Today.AddDays(7).ToString("yyyy-MM-dd"), stored["recurrence"]!["exceptions"]![0]!.GetValue<string>());
        await page.Context.CloseAsync();
        await boardPage.CloseAsync();
    }
}
