using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.EndToEnd;

/// <summary>
/// Screen hours end to end: a station's hours reach its kiosks, a kiosk outside them shows a black page in Chromium
/// and tells the fleet "off by schedule" (never offline), a touch wakes the board for the wake time, and a station
/// within its hours shows the board.
/// </summary>
[RunsFor(25)]
public sealed class ScreenHoursBoardTests
{
    private static readonly string[] Week = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    /// <summary>The stations' zone (the default, Asia/Shanghai) wall clock now, to the minute.</summary>
    private static DateTime ShanghaiNow()
    {
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime;
        return new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0);
    }

    private static string Clock(DateTime time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Every day from <paramref name="on"/> to <paramref name="off"/> (wall clock; an off before the on is the next morning).</summary>
    private static object Station(string id, string name, string placeId, DateTime on, DateTime off) => new
    {
        id, name, placeId,
        screenHours = new { weekly = new[] { new { days = Week, periods = new[] { new { on = Clock(on), off = Clock(off) } } } } },
    };

    private static async Task<string> FleetStateAsync(HttpClient admin, string kioskId) =>
        (await admin.GetFromJsonAsync<JsonObject>("/api/fleet/" + kioskId))!["state"]!.GetValue<string>();

    /// <summary>The brightest channel value in a PNG, 0 (black) to 1, by ImageMagick.</summary>
    private static async Task<double> BrightestAsync(byte[] png)
    {
        var file = Path.Combine(Repo.TempDirectory("screen-pixels"), "shot.png");
        await File.WriteAllBytesAsync(file, png);
        using var process = Process.Start(new ProcessStartInfo("convert", [file, "-format", "%[fx:maxima]", "info:"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return double.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")] // a shell script stands in for xset
    public async Task Outside_its_hours_a_board_is_black_and_off_by_schedule_a_touch_wakes_it_and_it_blanks_again()
    {
        await using var controller = ControllerHost.Start("screen-hours");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        var now = ShanghaiNow();
        // Station A is on for an hour three hours from now, so not now; station B from two hours ago to three hours ahead.
        await admin.PutJsonAsync("/api/stations/station-a", Station("station-a", "丹桂苑红色驿站", TestWorld.CompoundA, now.AddHours(3), now.AddHours(4)));
        await admin.PutJsonAsync("/api/stations/station-b", Station("station-b", "银杏苑邻里中心", TestWorld.CompoundB, now.AddHours(-2), now.AddHours(3)));

        // Bad hours are refused with the field named, and change nothing.
        var overlap = await admin.SendJsonAsync(HttpMethod.Put, "/api/stations/station-a", new
        {
            id = "station-a", name = "丹桂苑红色驿站", placeId = TestWorld.CompoundA,
            screenHours = new { weekly = new[] { new { days = new[] { "monday" }, periods = new[] { new { on = "07:00", off = "12:00" }, new { on = "11:00", off = "15:00" } } } } },
        }, ensureSuccess: false);
        Assert.Equal("screenHours.weekly", overlap["field"]!.GetValue<string>());
        Assert.Contains("overlap", overlap["detail"]!.GetValue<string>());
        var badTime = await admin.SendJsonAsync(HttpMethod.Put, "/api/stations/station-a", new
        {
            id = "station-a", name = "丹桂苑红色驿站", placeId = TestWorld.CompoundA,
            screenHours = new { weekly = new[] { new { days = new[] { "monday" }, periods = new[] { new { on = "25:00", off = "12:00" } } } } },
        }, ensureSuccess: false);
        Assert.Contains("screenHours.weekly[0].periods[0].on", badTime["detail"]!.GetValue<string>());
        foreach (var hostile in new[]
                 {
                     """{"weekly":[null]}""", """{"weekly":[{"days":["funday"],"periods":[]}]}""", """{"weekly":[{"days":[1],"periods":[]}]}""",
                     """{"weekly":[{"days":["monday"],"periods":[{"off":"21:00"}]}]}""", """{"weekly":[{"days":["monday"],"periods":[{"on":null,"off":"21:00"}]}]}""",
                     """{"weekly":null}""", """{"exceptions":[{"date":"2026-02-30"}]}""", """{"weekly":[{"days":["monday"],"periods":[{"on":"07:00","off":"21:00","extra":1}]}]}""",
                 })
        {
            var body = $$"""{"id":"station-a","name":"丹桂苑红色驿站","placeId":"{{TestWorld.CompoundA}}","screenHours":{{hostile}}}""";
            using var request = new HttpRequestMessage(HttpMethod.Put, "/api/stations/station-a") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
            using var answer = await admin.SendAsync(request);
            Assert.True(answer.StatusCode == HttpStatusCode.BadRequest, $"{hostile} answered {answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
        }
        var stored = (await admin.GetFromJsonAsync<JsonObject>("/api/stations/station-a"))!;
        Assert.Equal(Clock(now.AddHours(3)), stored["screenHours"]!["weekly"]![0]!["periods"]![0]!["on"]!.GetValue<string>());

        // Kiosk A with a stand-in xset on a stand-in display: what it is asked to do is written to a file.
        var xsetLog = Path.Combine(Repo.TempDirectory("xset"), "calls.txt");
        var xset = Path.Combine(Path.GetDirectoryName(xsetLog)!, "xset");
        await File.WriteAllTextAsync(xset, $"#!/bin/sh\necho \"$DISPLAY $*\" >> '{xsetLog}'\n");
        File.SetUnixFileMode(xset, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var settings = new Dictionary<string, string>
        {
            ["Kiosk:HeartbeatInterval"] = "00:00:01",
            ["Kiosk:ScreenWakeTime"] = "00:00:08",
            ["Kiosk:XsetCommand"] = xset,
        };
        await using var kioskA = new KioskProcess("screen-a", controller.Url, world.Credentials["kiosk-a"], settings);
        kioskA.Environment["DISPLAY"] = ":99";
        await kioskA.StartAsync();
        await using var kioskB = await KioskProcess.StartAsync("screen-b", controller.Url, world.Credentials["kiosk-b"], settings);
        var head = await admin.HeadAsync();
        await kioskA.WaitForSeqAsync(head);
        await kioskB.WaitForSeqAsync(head);

        var (playwright, chromium) = await Browser.LeaseAsync();
        try
        {
            var options = new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 }, HasTouch = true };
            var pageA = await chromium.NewPageAsync(options);
            await pageA.GotoAsync(kioskA.Url + "/");
            await pageA.WaitForFunctionAsync("() => window.signageBoard !== undefined");

            // Black, edge to edge: the black page covers the viewport, and every pixel is black.
            await pageA.WaitForSelectorAsync(".screen-off");
            Assert.Equal("rgb(0, 0, 0)", await pageA.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('.screen-off')).backgroundColor"));
            Assert.True(await pageA.EvaluateAsync<bool>("() => document.elementFromPoint(960, 540).classList.contains('screen-off') && document.elementFromPoint(5, 1075).classList.contains('screen-off')"));
            var black = await pageA.ScreenshotAsync();
            await File.WriteAllBytesAsync(Path.Combine(DemoBoard.Artifacts, "board-screen-off.png"), black);
            Assert.Equal(0, await BrightestAsync(black));
            Assert.Contains("class=\"screen-off\"", await kioskA.BoardAsync());
            await Eventually.Until(() => File.Exists(xsetLog) ? File.ReadAllTextAsync(xsetLog) : Task.FromResult(""),
                log => log.Contains(":99 dpms force off"), "the display powered down through xset");

            // The fleet says off by schedule, and keeps saying it past three missed heartbeats' time: never offline.
            await Eventually.Until(() => FleetStateAsync(admin, "kiosk-a"), s => s == "screenOffBySchedule", "the fleet to show kiosk-a off by schedule");
            await Task.Delay(TimeSpan.FromSeconds(4));
            Assert.Equal("screenOffBySchedule", await FleetStateAsync(admin, "kiosk-a"));
            using (var staff = new StaffBrowserClient(controller.Url))
            {
                await staff.SignInAsync("admin", ControllerHost.AdminPassword);
                var fleetPage = await (await staff.GetAsync("/admin/fleet")).Content.ReadAsStringAsync();
                var row = fleetPage[fleetPage.IndexOf("data-kiosk-id=\"kiosk-a\"", StringComparison.Ordinal)..];
                row = row[..row.IndexOf("</tr>", StringComparison.Ordinal)];
                Assert.Contains("data-state=\"ScreenOffBySchedule\"", row);
                Assert.Contains("按计划关屏", row);
            }

            // A touch wakes the board, and only wakes it: nothing under the finger is pressed.
            await pageA.Touchscreen.TapAsync(960, 540);
            await pageA.WaitForSelectorAsync(".screen-off", new() { State = WaitForSelectorState.Detached });
            Assert.True(await pageA.Locator("[data-screen=home]").IsVisibleAsync());
            await pageA.WaitForTimeoutAsync(300);
            Assert.Equal("home", await pageA.EvaluateAsync<string>("() => signageBoard.state.screen"));
            Assert.True(await BrightestAsync(await pageA.ScreenshotAsync()) > 0.5);
            await Eventually.Until(() => FleetStateAsync(admin, "kiosk-a"), s => s == "online", "the fleet to show the woken kiosk-a on");
            await Eventually.Until(() => File.ReadAllTextAsync(xsetLog), log => log.Contains(":99 dpms force on\n:99 -dpms"), "the display powered up through xset");

            // After the wake time, still outside its hours: black again, off by schedule again.
            await pageA.WaitForSelectorAsync(".screen-off", new() { Timeout = 30_000 });
            await Eventually.Until(() => FleetStateAsync(admin, "kiosk-a"), s => s == "screenOffBySchedule", "kiosk-a off by schedule after its wake time");
            await Eventually.Until(() => File.ReadAllTextAsync(xsetLog), log => log.Split(":99 dpms force off").Length == 3, "the display powered down again");

            // An emergency broadcast takes over the screen whatever its hours, and clearing it leaves it black again.
            var sentAt = DateTimeOffset.UtcNow;
            await admin.PostJsonAsync("/api/broadcasts", new
            {
                id = "night-gas", title = "燃气泄漏，请勿使用明火", startsAt = sentAt, endsAt = sentAt.AddMinutes(30), target = new { placeId = TestWorld.CompoundA },
            });
            await Assertions.Expect(pageA.Locator(".broadcast")).ToBeVisibleAsync(new() { Timeout = 30_000 });
            Assert.Equal(0, await pageA.Locator(".screen-off").CountAsync());
            await Eventually.Until(() => FleetStateAsync(admin, "kiosk-a"), s => s == "online", "kiosk-a on for the broadcast");
            await Eventually.Until(() => File.ReadAllTextAsync(xsetLog), log => log.Split(":99 dpms force on").Length == 3, "the display powered up for the broadcast");
            await admin.PostJsonAsync("/api/broadcasts/night-gas/clear", new { });
            await pageA.WaitForSelectorAsync(".screen-off", new() { Timeout = 30_000 });
            await Eventually.Until(() => FleetStateAsync(admin, "kiosk-a"), s => s == "screenOffBySchedule", "kiosk-a off by schedule after the broadcast");

            // Station B is within its hours: its board shows, and the fleet says online.
            var pageB = await chromium.NewPageAsync(options);
            await pageB.GotoAsync(kioskB.Url + "/");
            await pageB.WaitForFunctionAsync("() => window.signageBoard !== undefined");
            Assert.True(await pageB.Locator("[data-screen=home]").IsVisibleAsync());
            Assert.Equal(0, await pageB.Locator(".screen-off").CountAsync());
            Assert.True(await BrightestAsync(await pageB.ScreenshotAsync()) > 0.5);
            await Eventually.Until(() => FleetStateAsync(admin, "kiosk-b"), s => s == "online", "kiosk-b online");

            // New hours that include now reach kiosk A and switch its board on without a touch.
            await admin.PutJsonAsync("/api/stations/station-a", Station("station-a", "丹桂苑红色驿站", TestWorld.CompoundA, now.AddHours(-1), now.AddHours(2)));
            await pageA.WaitForSelectorAsync(".screen-off", new() { State = WaitForSelectorState.Detached });
            Assert.True(await pageA.Locator("[data-screen=home]").IsVisibleAsync());
            await Eventually.Until(() => FleetStateAsync(admin, "kiosk-a"), s => s == "online", "kiosk-a on within its new hours");

            // A wake asked for while the screen is on changes nothing.
            using var local = await kioskA.BoardClientAsync();
            var wake = (await (await local.PostAsync("/screen/wake", null)).Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.False(wake["woken"]!.GetValue<bool>());
        }
        finally
        {
            await chromium.DisposeAsync();
            playwright.Dispose();
        }
    }

    [Fact]
    public async Task Administrators_set_screen_hours_on_the_places_page_and_bad_hours_are_refused_in_Chinese()
    {
        await using var controller = ControllerHost.Start("screen-hours-page");
        using var admin = await controller.AdminAsync();
        await TestWorld.CreateAsync(admin);
        using var staff = new StaffBrowserClient(controller.Url);
        await staff.SignInAsync("admin", ControllerHost.AdminPassword);

        async Task<HttpResponseMessage> SaveAsync(bool scheduled, string[] days, string exceptions)
        {
            var fields = new Dictionary<string, string>
            {
                ["StationId"] = "station-a", ["StationName"] = "丹桂苑红色驿站", ["Layout"] = "landscape", ["TimeZone"] = "Asia/Shanghai",
                ["ScreenExceptions"] = exceptions, ["__RequestVerificationToken"] = await staff.TokenFromAsync("/admin/places"),
            };
            if (scheduled)
            {
                fields["ScreenScheduled"] = "true";
            }
            for (var i = 0; i < days.Length; i++)
            {
                fields[$"ScreenDays[{i}]"] = days[i];
            }
            return await staff.PostFormAsync("/admin/places?handler=SaveStation", fields);
        }

        string[] week = ["07:00-21:30", "07:00-21:30", "07:00-21:30", "07:00-21:30", "07:00-21:30", "08:00-20:00", "０８：００－２０：００"];
        using (var saved = await SaveAsync(true, week, "2026-10-01 关\n2026-12-31 07:00-24:00"))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }
        var hours = (await admin.GetFromJsonAsync<JsonObject>("/api/stations/station-a"))!["screenHours"]!;
        Assert.Equal("""[{"days":["monday","tuesday","wednesday","thursday","friday"],"periods":[{"on":"07:00","off":"21:30"}]},{"days":["saturday","sunday"],"periods":[{"on":"08:00","off":"20:00"}]}]""",
            hours["weekly"]!.ToJsonString());
        Assert.Equal("""[{"date":"2026-10-01","periods":[]},{"date":"2026-12-31","periods":[{"on":"07:00","off":"00:00"}]}]""", hours["exceptions"]!.ToJsonString());
        var page = await (await staff.GetAsync("/admin/places")).Content.ReadAsStringAsync();
        Assert.Contains("周一至周五 07:00-21:30；周六、周日 08:00-20:00；其余时间关屏；特殊日期 2 个", page);
        Assert.Contains("value=\"08:00-20:00\"", page);
        Assert.Contains("2026-12-31 07:00-24:00", page);

        // A day that is not a period, and overlapping periods: said in Chinese, next to nothing written.
        var bad = (string[])week.Clone();
        bad[1] = "7点到9点";
        using (var refused = await SaveAsync(true, bad, ""))
        {
            var html = await refused.Content.ReadAsStringAsync();
            Assert.Contains("周二：“7点到9点”不是正确的时段，请写成 07:00-21:30", html);
            Assert.Contains("value=\"7点到9点\"", html);
        }
        bad[1] = "07:00-12:00, 11:00-15:00";
        using (var refused = await SaveAsync(true, bad, ""))
        {
            Assert.Contains("周二：时段有重叠", await refused.Content.ReadAsStringAsync());
        }
        using (var refused = await SaveAsync(true, ["", "", "", "", "", "", ""], ""))
        {
            Assert.Contains("每周至少要有一个开屏时段", await refused.Content.ReadAsStringAsync());
        }
        using (var refused = await SaveAsync(true, week, "2026-13-01 关"))
        {
            Assert.Contains("第 1 行：“2026-13-01”不是正确的日期", await refused.Content.ReadAsStringAsync());
        }
        Assert.Equal(hours.ToJsonString(), (await admin.GetFromJsonAsync<JsonObject>("/api/stations/station-a"))!["screenHours"]!.ToJsonString());

        // Unticked: always on again.
        using (var cleared = await SaveAsync(false, week, ""))
        {
            Assert.Equal(HttpStatusCode.Redirect, cleared.StatusCode);
        }
        Assert.Null((await admin.GetFromJsonAsync<JsonObject>("/api/stations/station-a"))!["screenHours"]);
        Assert.Contains("一直开屏", await (await staff.GetAsync("/admin/places")).Content.ReadAsStringAsync());
    }
}
