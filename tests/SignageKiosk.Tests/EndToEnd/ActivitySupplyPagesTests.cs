using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.EndToEnd;

/// <summary>The activity and emergency-supply pages in Chromium: a weekly series and a new quantity reach the kiosk's board; errors in Chinese; roles.</summary>
public sealed class ActivitySupplyPagesTests(DemoBoard board) : IClassFixture<DemoBoard>
{
    private const string Password = "a-long-password";

    private async Task<IPage> SignInAsync(string username, string role, string scope)
    {
        await board.Admin.SendJsonAsync(HttpMethod.Post, "/api/users", new { username, password = Password, role, scopePlaceId = scope, mustChangePassword = false }, ensureSuccess: false);
        return await board.Chromium.SignInToStaffPagesAsync(board.Controller.Url, username, Password, 1500, 1100);
    }

    [Fact]
    public async Task Community_staff_add_a_weekly_activity_on_two_days_and_the_board_shows_it_with_its_room()
    {
        var page = await SignInAsync("shequ-activities", "communityStaff", "community-xingfuli");
        // Station-local "tomorrow", and a second day two days later: the series starts tomorrow.
        var tomorrow = ShanghaiDay.Today().AddDays(1);
        var second = tomorrow.AddDays(2).DayOfWeek;

        await page.GotoAsync(board.Controller.Url + "/admin/activities");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("活动安排");
        await page.ClickAsync("a[href='/admin/activities/edit']");
        await page.FillAsync("#Title", "楼道清扫志愿服务");
        await page.FillAsync("#Room", "志愿服务台");
        await page.FillAsync("#Organiser", "幸福里社区志愿者协会");
        await page.FillAsync("#Description", "每周两次清扫楼道，工具由驿站提供。");
        await page.FillAsync("#Date", tomorrow.ToString("yyyy-MM-dd"));
        await page.FillAsync("#StartTime", "09:00");
        await page.FillAsync("#EndTime", "08:30");
        await page.CheckAsync($"input[name=Repeat][value=Weekly]");
        await page.CheckAsync($"input[name=Days][value={tomorrow.DayOfWeek}]");
        await page.CheckAsync($"input[name=Days][value={second}]");
        await page.ChoosePlaceAsync("TargetPlaceId", "丹桂苑", "丹桂苑小区");

        // An end before the start: said in Chinese next to the end field, the form keeps what was typed, nothing written.
        var head = await board.Admin.HeadAsync();
        await page.ClickAsync("form.card button.primary");
        await Assertions.Expect(page.Locator("[data-error-for=end]")).ToHaveTextAsync("结束时间必须晚于开始时间");
        await Assertions.Expect(page.Locator(".field.invalid #EndTime")).ToBeVisibleAsync();
        Assert.Equal("楼道清扫志愿服务", await page.InputValueAsync("#Title"));
        Assert.True(await page.IsCheckedAsync($"input[name=Days][value={second}]"));
        Assert.Equal(head, await board.Admin.HeadAsync());

        await page.FillAsync("#EndTime", "10:30");
        await page.ClickAsync("form.card button.primary");
        await Assertions.Expect(page.Locator(".notice-banner.ok")).ToBeVisibleAsync();
        var row = page.Locator("tr", new() { HasText = "楼道清扫志愿服务" });
        var zh = "一二三四五六日";
        var days = new[] { tomorrow.DayOfWeek, second }.OrderBy(d => ((int)d + 6) % 7).Select(d => zh[((int)d + 6) % 7]);
        await Assertions.Expect(row.Locator("td.repeats")).ToHaveTextAsync("每周" + string.Join("、", days));
        await Assertions.Expect(row).ToContainTextAsync("志愿服务台");
        await page.ScreenshotAsync(new() { Path = Path.Combine(DemoBoard.Artifacts, "admin-activities.png"), FullPage = true });

        // An evening past midnight: the end earlier than the start is kept only when staff say it ends the next day.
        await page.ClickAsync("a[href='/admin/activities/edit']");
        await page.FillAsync("#Title", "除夕守岁联欢会");
        await page.FillAsync("#Date", tomorrow.ToString("yyyy-MM-dd"));
        await page.FillAsync("#StartTime", "20:00");
        await page.FillAsync("#EndTime", "00:30");
        await page.ChoosePlaceAsync("TargetPlaceId", "丹桂苑", "丹桂苑小区");
        await page.CheckAsync("#EndsNextDay");
        await page.ClickAsync("form.card button.primary");
        await Assertions.Expect(page.Locator(".notice-banner.ok")).ToBeVisibleAsync();
        var evening = page.Locator("tr", new() { HasText = "除夕守岁联欢会" });
        await Assertions.Expect(evening).ToContainTextAsync(tomorrow.ToString("yyyy-MM-dd") + " 20:00–次日00:30");
        var stored = (await board.ListAsync("activities")).Single(a => a!["title"]!.GetValue<string>() == "除夕守岁联欢会")!;
        Assert.Equal(tomorrow.AddDays(1).AddMinutes(30), DateTime.Parse(stored["end"]!.GetValue<string>(), CultureInfo.InvariantCulture));
        await evening.Locator("a", new() { HasText = "修改" }).ClickAsync();
        Assert.True(await page.IsCheckedAsync("#EndsNextDay"), "the form shows the stored evening as ending the next day");
        Assert.Equal("00:30", await page.InputValueAsync("#EndTime"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(DemoBoard.Artifacts, "admin-activity-evening.png"), FullPage = true });

        var html = await board.Kiosk.WaitForBoardAsync(b => b.Contains("楼道清扫志愿服务"), "the weekly activity on the kiosk's board");
        var item = Regex.Match(html, "<div class=\"activity[^\"]*\" data-activity-id=\"[^\"]+\">(?:(?!data-activity-id).)*?楼道清扫志愿服务.*?</div>\\s*</div>", RegexOptions.Singleline);
        Assert.True(item.Success, "the activity's own entry on the board");
        Assert.Contains("志愿服务台", item.Value);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_property_manager_changes_a_supply_quantity_in_place_and_the_board_shows_it()
    {
        var page = await SignInAsync("wuye-supplies", "propertyManager", "compound-dangui");
        await page.GotoAsync(board.Controller.Url + "/admin/supplies");
        await Assertions.Expect(page.Locator("h2", new() { HasText = "专业救援装备" })).ToBeVisibleAsync();

        var head = await board.Admin.HeadAsync();
        var row = page.Locator("tr[data-supply-id='s-car-mover']");
        await row.Locator("input[name=Quantity]").FillAsync("-1");
        await row.Locator("button.primary").ClickAsync();
        await Assertions.Expect(page.Locator("tr[data-supply-id='s-car-mover'] [data-error-for=quantity]")).ToHaveTextAsync("数量应在 0 到 1000000 之间");
        Assert.Equal(head, await board.Admin.HeadAsync());

        row = page.Locator("tr[data-supply-id='s-car-mover']");
        await row.Locator("input[name=Quantity]").FillAsync("37");
        await row.Locator("button.primary").ClickAsync();
        await Assertions.Expect(page.Locator(".notice-banner.ok")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("tr[data-supply-id='s-car-mover'] input[name=Quantity]")).ToHaveValueAsync("37");
        await page.ScreenshotAsync(new() { Path = Path.Combine(DemoBoard.Artifacts, "admin-supplies.png"), FullPage = true });

        await board.Kiosk.WaitForBoardAsync(
            b => Regex.IsMatch(b, "data-supply-id=\"s-car-mover\"[^>]*>.*?class=\"quantity\">37套<", RegexOptions.Singleline),
            "the new quantity of the car mover on the kiosk's board");

        // A new line lands in its category; deleting it removes it again.
        var add = page.Locator("tr[data-supply-id='new']");
        await add.Locator("input[name=Category]").FillAsync("防汛物资");
        await add.Locator("input[name=Item]").FillAsync("移动抽水泵（测试）");
        await add.Locator("input[name=Quantity]").FillAsync("3");
        await add.Locator("input[name=Unit]").FillAsync("台");
        await add.Locator("button.primary").ClickAsync();
        await Assertions.Expect(page.Locator(".notice-banner.ok")).ToBeVisibleAsync();
        var added = page.Locator("table[data-category='防汛物资'] tr", new() { Has = page.Locator("input[value='移动抽水泵（测试）']") });
        await Assertions.Expect(added).ToHaveCountAsync(1);
        await board.Kiosk.WaitForBoardAsync(b => b.Contains("移动抽水泵（测试）"), "the added supply on the board");
        await added.Locator("button.danger").ClickAsync();
        await Assertions.Expect(page.Locator(".notice-banner.ok")).ToHaveTextAsync("已删除。");
        await Assertions.Expect(page.Locator("input[value='移动抽水泵（测试）']")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_station_master_may_edit_activities_but_not_supplies()
    {
        await board.Admin.SendJsonAsync(HttpMethod.Post, "/api/users", new { username = "zhanzhang-supplies", password = Password, role = "stationMaster", scopePlaceId = "compound-dangui", mustChangePassword = false }, ensureSuccess: false);
        using var staff = new StaffBrowserClient(board.Controller.Url);
        await staff.SignInAsync("zhanzhang-supplies", Password);

        using (var activities = await staff.GetAsync("/admin/activities"))
        {
            Assert.Equal(HttpStatusCode.OK, activities.StatusCode);
        }
        using var response = await staff.GetAsync("/admin/supplies");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = new Uri(new Uri(board.Controller.Url), response.Headers.Location!);
        Assert.Equal("/admin/denied", location.AbsolutePath, ignoreCase: true);
        using var denied = await staff.GetAsync(location.PathAndQuery);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);

        // Nor by posting: the store refuses it whatever the page shows.
        var head = await board.Admin.HeadAsync();
        var token = await staff.TokenFromAsync("/admin/activities");
        using var post = await staff.PostFormAsync("/admin/supplies", new()
        {
            ["Id"] = "s-car-mover", ["Category"] = "专业救援装备", ["Item"] = "挪车器", ["Quantity"] = "0",
            ["TargetPlaceId"] = "compound-dangui", ["__RequestVerificationToken"] = token,
        });
        Assert.NotEqual(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal(head, await board.Admin.HeadAsync());
    }
}
