using System.Net;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

public sealed class PreviewAndLayoutTests
{
    [Fact]
    public async Task A_station_picks_its_layout_and_its_kiosks_follow()
    {
        await using var controller = ControllerHost.Start("layout");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await using var kiosk = await KioskProcess.StartAsync("layout", controller.Url, world.Credentials["kiosk-a"]);
        await kiosk.WaitForBoardAsync(b => b.Contains("data-layout=\"landscape\""), "the default landscape layout");

        var refused = await admin.SendJsonAsync(HttpMethod.Put, "/api/stations/station-a",
            new { name = "丹桂苑红色驿站", placeId = TestWorld.CompoundA, layout = "diagonal" }, ensureSuccess: false);
        Assert.Contains("unknown layout 'diagonal'", refused["detail"]!.GetValue<string>());

        await admin.PutJsonAsync("/api/stations/station-a", new { name = "丹桂苑红色驿站", placeId = TestWorld.CompoundA, layout = "portrait" });
        await kiosk.WaitForBoardAsync(b => b.Contains("data-layout=\"portrait\""), "the station's portrait layout on its kiosk");
    }

    [Fact]
    public async Task The_preview_of_a_time_outside_the_screen_hours_is_the_black_screen_unless_a_broadcast_is_live()
    {
        await using var controller = ControllerHost.Start("preview-screen");
        using var admin = await controller.AdminAsync();
        await TestWorld.CreateAsync(admin);
        var week = new[] { "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday" };
        await admin.PutJsonAsync("/api/stations/station-a", new
        {
            id = "station-a", name = "丹桂苑红色驿站", placeId = TestWorld.CompoundA,
            screenHours = new { weekly = new[] { new { days = week, periods = new[] { new { on = "07:00", off = "21:00" } } } } },
        });
        var tomorrow = ShanghaiDay.Today().AddDays(1);
        DateTimeOffset At(int hour) => new(tomorrow.AddHours(hour), TimeSpan.FromHours(8));
        Task<string> PreviewAsync(DateTimeOffset at) => admin.GetStringAsync("/api/preview/kiosk-a?at=" + Uri.EscapeDataString(at.ToString("O")));

        var day = await PreviewAsync(At(10));
        Assert.Contains("丹桂苑红色驿站", day);
        Assert.DoesNotContain("data-screen-off", day);
        var night = await PreviewAsync(At(22));
        Assert.Contains("data-screen-off=\"schedule\"", night);
        Assert.Contains("预览：此时按计划关屏", night);
        Assert.DoesNotContain("丹桂苑红色驿站", night);
        var (playwright, browser) = await Browser.LeaseAsync();
        using (playwright)
        await using (browser)
        {
            var page = await browser.SignInToStaffPagesAsync(controller.Url, "admin", ControllerHost.AdminPassword);
            await page.GotoAsync(controller.Url + "/admin/preview?kiosk=kiosk-a&at=" + tomorrow.ToString("yyyy-MM-dd") + "T22:00");
            var frame = page.FrameLocator("iframe.preview");
            await Microsoft.Playwright.Assertions.Expect(frame.Locator("[data-preview=screen-off]")).ToBeVisibleAsync();
            await Microsoft.Playwright.Assertions.Expect(frame.Locator("[data-screen-off]")).ToBeVisibleAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(EndToEnd.DemoBoard.Artifacts, "admin-preview-screen-off.png") });
        }

        // An emergency broadcast lights the screen whatever its hours, in the preview as on the kiosk.
        await admin.PostJsonAsync("/api/broadcasts", new
        {
            id = "night-gas", title = "3栋燃气泄漏，请勿使用明火", body = "请立即打开门窗。",
            startsAt = At(21).AddMinutes(30), endsAt = At(23), target = new { placeId = TestWorld.CompoundA },
        });
        var broadcast = await PreviewAsync(At(22));
        Assert.DoesNotContain("data-screen-off", broadcast);
        Assert.Contains("data-broadcast-id=\"night-gas\"", broadcast);
        Assert.Contains("data-screen-off", await PreviewAsync(At(23).AddMinutes(5)));
    }

    [Fact]
    public async Task The_preview_renders_what_a_kiosk_will_show_at_a_chosen_time()
    {
        await using var controller = ControllerHost.Start("preview");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        var tomorrow = ShanghaiDay.Today().AddDays(1);
        var from = new DateTimeOffset(tomorrow.AddHours(9), TimeSpan.FromHours(8));
        var seq = await admin.PublishAsync("notices", new
        {
            id = "n-tomorrow", title = "明天上午电梯检修", validFrom = from, validTo = from.AddHours(9), target = new { placeId = TestWorld.CompoundA },
        });
        await using var kiosk = await KioskProcess.StartAsync("preview", controller.Url, world.Credentials["kiosk-a"]);
        await kiosk.WaitForSeqAsync(seq);

        var now = await admin.GetStringAsync("/api/preview/kiosk-a");
        var later = await admin.GetStringAsync("/api/preview/kiosk-a?at=" + Uri.EscapeDataString(from.AddHours(1).ToString("O")));
        Assert.Contains("丹桂苑红色驿站", now);
        Assert.DoesNotContain("明天上午电梯检修", now);
        Assert.DoesNotContain("明天上午电梯检修", await kiosk.BoardAsync());
        Assert.Contains("明天上午电梯检修", later);
        Assert.Contains("/assets/board.css", later);

        // The same renderer: the kiosk's board for now appears inside the preview for now, notice for notice.
        string Ids(string html) => string.Join(",", System.Text.RegularExpressions.Regex.Matches(html, "data-notice-id=\"([^\"]+)\"").Select(m => m.Groups[1].Value));
        Assert.Equal(Ids(await kiosk.BoardAsync()), Ids(now));

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/preview/kiosk-a?at=tomorrow")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/preview/ghost")).StatusCode);
        using var asKiosk = controller.Anonymous();
        // The kiosk's current credential: the one it was registered with was retired when it said Hello (decision 0008).
        asKiosk.DefaultRequestHeaders.Authorization = new("Bearer", kiosk.DeviceCredential());
        Assert.Equal(HttpStatusCode.Forbidden, (await asKiosk.GetAsync("/api/preview/kiosk-a")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await controller.Anonymous().GetAsync("/assets/board.js")).StatusCode);
    }
}
