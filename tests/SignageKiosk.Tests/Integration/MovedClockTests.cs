using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// Time on a real kiosk process with its clock moved (Kiosk:ClockStartAt): boundaries pass offline, from the cache
/// alone, and a kiosk whose clock is wrong is flagged on the fleet and runs on the controller's time.
/// </summary>
[RunsFor(25)]
public sealed class MovedClockTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [Fact]
    public async Task With_the_controller_unreachable_a_notice_leaves_and_the_duty_panel_switches_at_the_boundary()
    {
        await using var controller = ControllerHost.Start("moved-clock", demo: true);
        var admin = await controller.AdminAsync();
        // A boundary tomorrow afternoon (whole seconds): the water notice ends and the duty changes hands.
        var boundary = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeSeconds());
        var local = TimeZoneInfo.ConvertTime(boundary, Shanghai).DateTime;
        string Wall(DateTime value) => value.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
        await admin.PostJsonAsync("/api/notices", new
        {
            id = "water-off", title = "明日停水通知", body = "因管道检修停水。", priority = "urgent",
            validFrom = boundary.AddHours(-6), validTo = boundary, target = new { placeId = "compound-dangui" },
        });
        await admin.PostJsonAsync("/api/duty-shifts", new
        {
            id = "shift-before", personName = "周早班", role = "驿站值班", start = Wall(local.AddHours(-4)), end = Wall(local), target = new { placeId = "compound-dangui" },
        });
        await admin.PostJsonAsync("/api/duty-shifts", new
        {
            id = "shift-after", personName = "吴晚班", role = "驿站值班", start = Wall(local), end = Wall(local.AddHours(8)), target = new { placeId = "compound-dangui" },
        });
        await using var kiosk = await KioskProcess.StartAsync("moved-clock", controller.Url, controller.DemoKioskCredential("kiosk-lobby"));
        await kiosk.WaitForSeqAsync(await admin.HeadAsync());

        // The network is gone; the kiosk restarts with its clock shortly before the boundary (20 s: enough for the
        // restart, Chromium and the first assertions on a loaded machine, which 6 s was not).
        await controller.StopAsync();
        kiosk.Configure("Kiosk:ClockStartAt", boundary.AddSeconds(-20).ToString("O"));
        await kiosk.RestartAsync();
        Assert.False((await kiosk.HealthAsync())["connected"]!.GetValue<bool>());

        var (playwright, browser) = await Browser.LeaseAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } });
        await page.GotoAsync(kiosk.Url + "/");
        await page.WaitForFunctionAsync("() => window.signageBoard !== undefined");
        await Assertions.Expect(page.Locator("[data-notice-id='water-off']").First).ToBeAttachedAsync();
        await Assertions.Expect(page.Locator("[data-shift-id='shift-before']").First).ToBeAttachedAsync();
        Assert.Equal(0, await page.Locator("[data-shift-id='shift-after']").CountAsync());
        // The header clock runs on the kiosk's (moved) time, not the browser's.
        // (the kiosk's minute at its start, or the next one if the start took long enough to cross it)
        var minutes = new[] { local.AddSeconds(-20), local }.Select(t => System.Text.RegularExpressions.Regex.Escape(t.ToString("HH:mm", CultureInfo.InvariantCulture)));
        await Assertions.Expect(page.Locator(".clock").First).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^(" + string.Join("|", minutes) + ")$"));

        // No reload, no network: the kiosk's boundary timer re-renders the open page.
        await Assertions.Expect(page.Locator("[data-notice-id='water-off']")).ToHaveCountAsync(0, new() { Timeout = 45_000 });
        await Assertions.Expect(page.Locator("[data-shift-id='shift-after']").First).ToBeAttachedAsync();
        Assert.Equal(0, await page.Locator("[data-shift-id='shift-before']").CountAsync());
        var health = await kiosk.HealthAsync();
        Assert.False(health["connected"]!.GetValue<bool>());
        Assert.True(health["now"]!.GetValue<DateTimeOffset>() >= boundary);
    }

    [Fact]
    public async Task A_kiosk_with_a_clock_two_hours_fast_is_flagged_on_the_fleet_and_shows_what_is_valid_on_the_controllers_time()
    {
        await using var controller = ControllerHost.Start("clock-trust", demo: true);
        var admin = await controller.AdminAsync();
        var now = DateTimeOffset.UtcNow;
        // Valid for the next hour only: a kiosk trusting its own clock (two hours fast) would never show it.
        await admin.PostJsonAsync("/api/notices", new
        {
            id = "this-hour", title = "本小时内有效的通知", priority = "urgent", validFrom = now.AddMinutes(-5), validTo = now.AddHours(1),
            target = new { placeId = "compound-dangui" },
        });
        await using var kiosk = await KioskProcess.StartAsync("clock-trust", controller.Url, controller.DemoKioskCredential("kiosk-lobby"),
            new() { ["Kiosk:ClockStartAt"] = now.AddHours(2).ToString("O") });
        await kiosk.WaitForSeqAsync(await admin.HeadAsync());

        var health = await Eventually.Until(kiosk.HealthAsync, h => h["clockCorrectionMs"]!.GetValue<double>() != 0, "the kiosk to correct its clock");
        Assert.InRange(health["clockCorrectionMs"]!.GetValue<double>(), -7_230_000, -7_170_000);
        Assert.InRange((health["now"]!.GetValue<DateTimeOffset>() - DateTimeOffset.UtcNow).Duration().TotalSeconds, 0, 30);
        Assert.Contains("data-notice-id=\"this-hour\"", await kiosk.BoardAsync());

        var fleet = JsonNode.Parse(await admin.GetStringAsync("/api/fleet"))!["items"]!.AsArray().Single(k => k!["id"]!.GetValue<string>() == "kiosk-lobby")!;
        Assert.True(fleet["clockWarning"]!.GetValue<bool>());
        Assert.InRange(fleet["clockSkewSeconds"]!.GetValue<double>(), 7170, 7230);

        var (playwright, browser) = await Browser.LeaseAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.SignInToStaffPagesAsync(controller.Url, "admin", ControllerHost.AdminPassword);
        await page.GotoAsync(controller.Url + "/admin/fleet");
        await Assertions.Expect(page.Locator("tr[data-kiosk-id='kiosk-lobby'] .clock-warning")).ToContainTextAsync("设备时钟快 2 小时");
    }
}
