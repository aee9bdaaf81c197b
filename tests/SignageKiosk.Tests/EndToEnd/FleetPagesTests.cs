using Microsoft.Playwright;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.EndToEnd;

/// <summary>The fleet page: pairing a new screen by the code it shows, and a killed kiosk going offline and back.</summary>
[RunsFor(25)]
public sealed class FleetPagesTests
{
    [Fact]
    public async Task A_new_kiosk_is_paired_by_its_code_and_the_fleet_page_follows_it_offline_and_back()
    {
        await using var controller = ControllerHost.Start("fleet-page", demo: true);
        await using var kiosk = await KioskProcess.StartAsync("fleet-page", controller.Url, null);
        var code = await Integration.PairingTests.CodeShownByAsync(kiosk);

        var (playwright, browser) = await Browser.LeaseAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.SignInToStaffPagesAsync(controller.Url, "admin", ControllerHost.AdminPassword, 1500, 1100);

        await page.GotoAsync(controller.Url + "/admin/fleet");
        await page.FillAsync("#Code", code.ToLowerInvariant());
        await page.FillAsync("#KioskId", "kiosk-new");
        await page.FillAsync("#KioskName", "新装大堂屏");
        await page.SelectOptionAsync("#StationId", "station-dangui");
        await page.ClickAsync("form[action*=Pair] button.primary");
        await Assertions.Expect(page.Locator(".notice-banner.ok")).ToContainTextAsync("配对成功");
        await kiosk.WaitForBoardAsync(b => b.Contains("丹桂苑红色驿站") && !b.Contains("data-pairing-code"), "the paired kiosk showing the demo community");

        async Task WaitForStateAsync(string state)
        {
            var row = page.Locator("tr[data-kiosk-id='kiosk-new']");
            await Eventually.Until(async () =>
            {
                await page.ReloadAsync();
                return await row.GetAttributeAsync("data-state");
            }, s => s == state, $"the fleet page to show kiosk-new {state}", TimeSpan.FromSeconds(40));
        }

        await WaitForStateAsync("Online");
        await page.ScreenshotAsync(new() { Path = Path.Combine(DemoBoard.Artifacts, "admin-fleet.png") });
        await kiosk.KillAsync();
        await WaitForStateAsync("Offline");
        await Assertions.Expect(page.Locator("tr[data-kiosk-id='kiosk-new'] .tag")).ToHaveTextAsync("离线");
        await kiosk.StartAsync();
        await WaitForStateAsync("Online");
        await Assertions.Expect(page.Locator("svg.fleet-chart")).ToBeVisibleAsync();
    }
}
