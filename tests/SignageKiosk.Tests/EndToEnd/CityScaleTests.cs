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
[RunsFor(25)]
public sealed class CityScaleTests(CityStore city) : IClassFixture<CityStore>
{
    /// <summary>The issue's goal for a staff page, as HTML bytes.</summary>
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
        var (playwright, browser) = await Browser.LeaseAsync();
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
        await page.ScreenshotAsync(new() { Path = Path.Combine(Repo.Root, "docs", "images", "fleet-summary-city.png") });

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

    [Fact]
    public async Task A_building_is_found_by_typing_its_compound_and_its_name_and_opens_on_its_screens()
    {
        var (playwright, browser) = await Browser.LeaseAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await AdminPageAsync(browser);
        Assert.InRange(await HtmlBytesAsync(page, city.Controller.Url + "/admin/places"), 1, PageBudget);

        // "3栋" alone: one in each of the 500 compounds; with the compound's name: the one building.
        await page.FillAsync("#place-search", "3栋");
        await page.Locator("form.list-search button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-search-total]")).ToHaveAttributeAsync("data-search-total", "500");
        Assert.InRange((await page.ContentAsync()).Length, 1, PageBudget);
        await page.FillAsync("#place-search", $"{city.GoneCompoundName} 3栋");
        await page.Locator("form.list-search button[type=submit]").ClickAsync();
        // Words match inside names, so 丹桂苑二期…五期 have their 3栋 too: one per compound named so, and nothing else.
        var named = city.Layout.Places.Where(p => p.Kind == SignageKiosk.Shared.Places.PlaceKind.Compound && p.Name.Contains(city.GoneCompoundName, StringComparison.Ordinal)).Select(p => p.Id).ToHashSet();
        var expected = city.Layout.Places.Where(p => p.Name == "3栋" && named.Contains(p.ParentId!)).Select(p => p.Id).Order().ToList();
        Assert.InRange(expected.Count, 2, 20);
        await Assertions.Expect(page.Locator("[data-search-total]")).ToHaveAttributeAsync("data-search-total", expected.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected, (await page.Locator("li[data-found-id]").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.foundId)")).Order());
        var building = city.Layout.Places.Single(p => p.ParentId == CityStore.GoneCompound && p.Name == "3栋");
        var found = page.Locator($"li[data-found-id='{building.Id}'] a");
        await Assertions.Expect(found).ToContainTextAsync($"{city.FirstCommunityName} / {city.GoneCompoundName} / 3栋");

        // One click opens it: the way there in words, and its two lobby screens.
        await found.ClickAsync();
        await Assertions.Expect(page.Locator($"[data-crumb='{CityStore.GoneCompound}']")).ToHaveTextAsync(city.GoneCompoundName);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Repo.Root, "docs", "images", "place-tree-city.png") });
        var screens = await page.Locator("tr[data-kiosk-id]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.kioskId)");
        Assert.Equal(city.Layout.Kiosks.Where(k => k.BuildingId == building.Id).Select(k => k.Kiosk.Id).Order(), screens.Order());
    }

    [Fact]
    public async Task One_screen_is_found_by_name_and_previewed_with_its_own_compounds_notices()
    {
        var (playwright, browser) = await Browser.LeaseAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await AdminPageAsync(browser);
        Assert.InRange(await HtmlBytesAsync(page, city.Controller.Url + "/admin/preview"), 1, PageBudget);

        var kiosk = city.KiosksOf(CityStore.GoneCompound).First(k => k.Kiosk.Name.Contains("3栋", StringComparison.Ordinal)).Kiosk;
        await page.ChoosePlaceAsync("kiosk", kiosk.Name, kiosk.Name);
        await page.Locator("form button.primary").ClickAsync();
        var frame = page.FrameLocator("iframe.preview");
        // The board of that screen: its station's name and a notice of its own compound, none of another's.
        await Assertions.Expect(frame.Locator("body")).ToContainTextAsync(city.GoneCompoundName + "红色驿站");
        await Assertions.Expect(frame.Locator("[data-notice-id^='sim-n-" + CityStore.GoneCompound + "-']").First).ToBeAttachedAsync();
        Assert.Equal(0, await frame.Locator("[data-notice-id^='sim-n-" + CityStore.LiveCompound + "-']").CountAsync());
    }

    [Fact]
    public async Task A_notice_published_to_one_compound_reaches_its_connected_screens_and_no_other_compound()
    {
        var (playwright, browser) = await Browser.LeaseAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await AdminPageAsync(browser);
        Assert.InRange(await HtmlBytesAsync(page, city.Controller.Url + "/admin/notices/edit"), 1, PageBudget);

        var title = "银杏苑周六上午停水通知";
        await page.FillAsync("#Title", title);
        await page.FillAsync("#Body", "因管网维修，周六上午八点至十二点停水，请提前储水。");
        await page.ChoosePlaceAsync("TargetPlaceId", city.LiveCompoundName, city.LiveCompoundName);
        await page.ClickAsync("button.primary");
        await Assertions.Expect(page.Locator("tr", new() { HasText = title })).ToHaveCountAsync(1);
        Assert.InRange((await page.ContentAsync()).Length, 1, PageBudget);

        using var admin = await city.Controller.AdminAsync();
        var published = (await admin.GetFromJsonAsync<JsonObject>("/api/notices?q=" + Uri.EscapeDataString(title)))!["items"]!.AsArray().Single()!;
        Assert.Equal(CityStore.LiveCompound, published["target"]!["placeId"]!.GetValue<string>());
        await city.WaitForLiveAcksAsync(await admin.HeadAsync());
        var id = published["id"]!.GetValue<string>();
        Assert.All(city.LiveKiosks, k => Assert.True(k.Cache.Holds("notices", id), k.KioskId));
        // Not part of any other compound's list.
        var elsewhere = await admin.GetFromJsonAsync<JsonObject>($"/api/notices?placeId={CityStore.GoneCompound}&q=" + Uri.EscapeDataString(title));
        Assert.Equal(0, elsewhere!["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task Every_staff_page_an_administrator_can_open_stays_under_300_KB_in_a_city()
    {
        using var client = new StaffBrowserClient(city.Controller.Url);
        await client.SignInAsync("admin", ControllerHost.AdminPassword);
        var pages = Controller.Web.StaffMenu.For(Controller.Auth.StaffRole.Admin).SelectMany(g => g.Links).Select(l => l.Path)
            .Concat(["/admin", "/admin/notices/edit", "/admin/activities/edit", "/admin/places?open=" + CityStore.GoneCompound]).Distinct().ToList();
        Assert.True(pages.Count >= 18, string.Join(", ", pages));
        var sizes = new List<string>();
        var over = new List<string>();
        foreach (var path in pages)
        {
            using var response = await client.GetAsync(path);
            var html = await response.Content.ReadAsByteArrayAsync();
            Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            sizes.Add($"{path} {html.Length / 1024} KB");
            if (html.Length > PageBudget)
            {
                over.Add(path);
            }
        }
        Assert.True(over.Count == 0, $"over 300 KB at {CityStore.Kiosks} kiosks: {string.Join(", ", over)} (all: {string.Join(", ", sizes)})");
    }
}
