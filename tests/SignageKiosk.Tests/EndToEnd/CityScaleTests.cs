using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.EndToEnd;

/// <summary>
/// The staff pages on a whole city (issue 16): 10,000 kiosks in 5,552 places, as the load benchmark leaves a store.
/// What a district officer or a community worker does every day must be a few clicks away and each page small —
/// finding a building, paging the fleet, a community's offline screens, previewing one screen, publishing to one
/// compound. Sizes are asserted (they are what makes a page usable on 4G); times are measured by the benchmark.
/// </summary>
[Collection(Integration.ClusterCollection.Name)]
public sealed class CityScaleTests(CityStore city) : IClassFixture<CityStore>
{
    /// <summary>The goal for a staff page, as HTML bytes.</summary>
    private const int PageBudget = 300 * 1024;

    private async Task<IPage> AdminPageAsync(IBrowser browser, int width = 1500) =>
        await browser.SignInToStaffPagesAsync(city.Controller.Url, "admin", ControllerHost.AdminPassword, width);

    /// <summary>The page's own HTML as the server sent it (not the DOM), to hold it to the size budget.</summary>
    private static async Task<int> HtmlBytesAsync(IPage page, string url)
    {
        var response = await page.GotoAsync(url) ?? throw new InvalidOperationException("no response for " + url);
        Assert.Equal(200, response.Status);
        return (await response.BodyAsync()).Length;
    }

    [Fact]
    public async Task The_fleet_opens_as_a_summary_pages_through_ten_thousand_screens_and_a_communitys_offline_count_opens_exactly_its_offline_screens()
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await AdminPageAsync(browser);

        Assert.InRange(await HtmlBytesAsync(page, city.Controller.Url + "/admin/fleet"), 1, PageBudget);
        await Assertions.Expect(page.Locator("tr.fleet-total td[data-count='kiosks']")).ToHaveTextAsync(CityStore.Kiosks.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // 丹桂苑's 20 screens went away: they are its community's offline count, and (past the threshold) need attention.
        var community = page.Locator($"tr[data-place-id='{CityStore.FirstCommunity}']");
        await Assertions.Expect(community.Locator("th")).ToHaveTextAsync(city.FirstCommunityName);
        await Assertions.Expect(community.Locator("td[data-count='offline']")).ToHaveTextAsync("20");
        await Assertions.Expect(community.Locator("td[data-count='online']")).ToHaveTextAsync("20");
        await Assertions.Expect(page.Locator("[data-attention-kiosk]").First).ToBeAttachedAsync();

        // Paging: 50 a page, 200 pages, the second page other screens than the first.
        var firstPage = await page.Locator("table.fleet-list tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.kioskId)");
        Assert.Equal(50, firstPage.Length);
        await Assertions.Expect(page.Locator(".pager")).ToHaveAttributeAsync("data-total", "10000");
        await Assertions.Expect(page.Locator(".pager")).ToHaveAttributeAsync("data-pages", "200");
        await page.ClickAsync(".pager a[rel=next]");
        await Assertions.Expect(page.Locator(".pager")).ToHaveAttributeAsync("data-page", "2");
        var secondPage = await page.Locator("table.fleet-list tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.kioskId)");
        Assert.Equal(50, secondPage.Length);
        Assert.Empty(firstPage.Intersect(secondPage));

        // Back to the summary; one click on the community's offline count: exactly 丹桂苑's 20 screens, all offline.
        await page.GotoAsync(city.Controller.Url + "/admin/fleet");
        await community.Locator("td[data-count='offline'] a").ClickAsync();
        await Assertions.Expect(page.Locator(".pager")).ToHaveAttributeAsync("data-total", "20");
        var offline = await page.Locator("table.fleet-list tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.kioskId + ' ' + r.dataset.state)");
        Assert.Equal(city.KiosksOf(CityStore.GoneCompound).Select(k => k.Kiosk.Id + " Offline").Order(), offline.Order());
        Assert.InRange((await page.ContentAsync()).Length, 1, PageBudget);
    }

    [Fact]
    public async Task The_list_endpoints_answer_one_page_with_the_total_and_a_cursor_to_the_next()
    {
        using var admin = await city.Controller.AdminAsync();
        foreach (var (path, total) in new[] { ("/api/fleet", (long)CityStore.Kiosks), ("/api/kiosks", CityStore.Kiosks), ("/api/places", city.Layout.Places.Count), ("/api/stations", city.Layout.Stations.Count) })
        {
            using var response = await admin.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, path + ": " + body);
            var json = JsonNode.Parse(body)!.AsObject();
            Assert.Equal(total, json["total"]!.GetValue<long>());
            Assert.Equal(50, json["items"]!.AsArray().Count);
            Assert.NotNull(json["nextCursor"]);
            // A page of a list is a few tens of kilobytes, whatever the size of the city.
            Assert.InRange(body.Length, 1, 100 * 1024);
            var next = await admin.GetFromJsonAsync<JsonObject>(path + "?cursor=" + Uri.EscapeDataString(json["nextCursor"]!.GetValue<string>()));
            Assert.Equal(50, next!["items"]!.AsArray().Count);
            Assert.NotEqual(json["items"]![0]!["id"]!.GetValue<string>(), next["items"]![0]!["id"]!.GetValue<string>());
        }
        var summary = await admin.GetFromJsonAsync<JsonObject>("/api/fleet/summary");
        Assert.Equal(CityStore.Kiosks, summary!["total"]!["kiosks"]!.GetValue<int>());
    }
}
