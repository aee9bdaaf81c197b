using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SignageKiosk.Controller.Fleet;
using SignageKiosk.Simulator.Kiosks;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.EndToEnd;

/// <summary>
/// The fleet page opens on the summary of the caller's area (decision 0034): a community's offline count is one
/// click from the list of those kiosks. Screenshot: docs/images/fleet-summary.png.
/// </summary>
public sealed class FleetSummaryPageTests
{
    [Fact]
    public async Task A_communitys_offline_count_opens_the_list_of_its_offline_kiosks()
    {
        await using var controller = ControllerHost.Start("fleet-summary-page", settings: new()
        {
            ["Fleet:AttentionOfflineAfter"] = "00:00:00",
            ["Fleet:LaggingAfter"] = "00:00:00",
        });
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        // A second community with screens not installed yet, so the summary has rows to tell apart.
        await admin.PostJsonAsync("/api/places", new { id = "c2", kind = "community", name = "明月社区", parentId = "street" });
        await admin.PostJsonAsync("/api/places", new { id = "compound-m", kind = "compound", name = "明月小区", parentId = "c2" });
        await admin.PostJsonAsync("/api/stations", new { id = "station-m", name = "明月社区服务站", placeId = "compound-m" });
        for (var i = 1; i <= 4; i++)
        {
            await admin.PostJsonAsync("/api/kiosks", new { id = $"kiosk-m{i}", name = $"明月{i}号屏", stationId = "station-m" });
        }

        // In 幸福里社区 kiosk-b stays online; kiosk-a and kiosk-a1 sync, then go silent.
        await using var steady = new SimulatedFleet(controller.Url, Behaviour(TimeSpan.FromHours(1)));
        await using var flaky = new SimulatedFleet(controller.Url, Behaviour(TimeSpan.FromSeconds(1)));
        steady.Add(world.KioskB, world.Credentials["kiosk-b"]);
        flaky.Add(world.KioskA, world.Credentials["kiosk-a"]);
        flaky.Add(world.KioskLobbyA1, world.Credentials["kiosk-a1"]);
        await steady.StartAsync(steady.Kiosks, 1, TimeSpan.FromSeconds(30), CancellationToken.None);
        await flaky.StartAsync(flaky.Kiosks, 2, TimeSpan.FromSeconds(30), CancellationToken.None);
        foreach (var kiosk in flaky.Kiosks)
        {
            await kiosk.GoOfflineAsync();
        }
        await admin.PublishAsync("notices", TestWorld.Notice("n-missed", "离线期间的通知", TestWorld.CompoundA));
        await controller.Services.GetRequiredService<FleetSampler>().SampleAsync(CancellationToken.None);

        var (playwright, browser) = await Browser.LeaseAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.SignInToStaffPagesAsync(controller.Url, "admin", ControllerHost.AdminPassword, 1400, 1000);
        var offlineOfC1 = page.Locator("tr[data-place-id='c1'] td[data-count='offline'] a");
        await Eventually.Until(async () =>
        {
            await page.GotoAsync(controller.Url + "/admin/fleet");
            return await offlineOfC1.CountAsync() == 1 ? await offlineOfC1.InnerTextAsync() : "";
        }, text => text == "2", "the summary to count two offline screens in 幸福里社区");

        // Summary first: the attention list on top, then the counts per community, with the 24 h chart.
        await Assertions.Expect(page.Locator("tr[data-place-id='c2'] th")).ToHaveTextAsync("明月社区");
        await Assertions.Expect(page.Locator("tr[data-place-id='c2'] td[data-count='neverSeen']")).ToHaveTextAsync("4");
        await Assertions.Expect(page.Locator("tr[data-place-id='c2'] td[data-count='offline']")).ToHaveTextAsync("0");
        await Assertions.Expect(page.Locator("tr.fleet-total td[data-count='kiosks']")).ToHaveTextAsync("7");
        await Assertions.Expect(page.Locator("tr[data-place-id='c1'] td[data-count='lagging']")).ToHaveTextAsync("2");
        await Assertions.Expect(page.Locator("[data-attention-kiosk]")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("svg.fleet-chart")).ToBeVisibleAsync();
        var attentionTop = await page.Locator("#attention").BoundingBoxAsync();
        var summaryTop = await page.Locator("#summary").BoundingBoxAsync();
        Assert.True(attentionTop!.Y < summaryTop!.Y, "the attention list comes before the counts");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Repo.Root, "docs", "images", "fleet-summary.png"), FullPage = true });

        // One click: the offline kiosks of 幸福里社区, and nothing else.
        await offlineOfC1.ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("place=c1", StringComparison.Ordinal) && url.Contains("state=offline", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("h2#kiosks")).ToContainTextAsync("幸福里社区");
        var rows = page.Locator("table.fleet-list tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        Assert.Equal(["kiosk-a", "kiosk-a1"], await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.kioskId)"));
        Assert.All(await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.state)"), s => Assert.Equal("Offline", s));
        await Assertions.Expect(page.Locator(".pager")).ToHaveAttributeAsync("data-total", "2");

        // Searching within the drill-down keeps its filters.
        await page.FillAsync(".list-search input[name=q]", "1栋");
        await page.ClickAsync(".list-search button");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        Assert.Equal("kiosk-a1", await rows.First.GetAttributeAsync("data-kiosk-id"));
        Assert.Contains("state=offline", page.Url, StringComparison.Ordinal);
    }

    private static KioskBehaviour Behaviour(TimeSpan heartbeat) => new()
    {
        HeartbeatInterval = heartbeat,
        ReconnectInitialDelay = TimeSpan.FromMilliseconds(100),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(500),
    };
}
