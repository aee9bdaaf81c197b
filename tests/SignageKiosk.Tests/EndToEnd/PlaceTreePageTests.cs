using Microsoft.Playwright;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.EndToEnd;

/// <summary>
/// The place tree that opens on demand, place search, and the one place picker on the notice form (decision 0035),
/// in Chromium and, for the no-JavaScript round trips, over plain HTTP. Screenshot: docs/images/place-tree.png.
/// </summary>
public sealed class PlaceTreePageTests(DemoBoard board) : IClassFixture<DemoBoard>
{
    [Fact]
    public async Task Administrators_open_the_tree_a_node_at_a_time_search_it_and_pick_a_notice_s_place()
    {
        var url = board.Controller.Url;
        var page = await board.Chromium.SignInToStaffPagesAsync(url, "admin", ControllerHost.AdminPassword, 1366, 900);
        await page.GotoAsync(url + "/admin/places");
        var tree = page.Locator("[data-place-tree]");
        // The top level only: the city, none of its buildings.
        await Assertions.Expect(tree.Locator("li[data-place-id=city-qingzhou]")).ToBeVisibleAsync();
        await Assertions.Expect(tree.Locator("li[data-place-id=b3]")).ToHaveCountAsync(0);
        foreach (var id in new[] { "city-qingzhou", "district-chengnan", "street-xingfulu", "community-xingfuli", "compound-dangui" })
        {
            await tree.Locator($"a[data-tree-open='{id}']").ClickAsync();
            await Assertions.Expect(tree.Locator($"a[data-tree-open='{id}']")).ToHaveAttributeAsync("aria-expanded", "true");
        }
        await Assertions.Expect(tree.Locator("li[data-place-id=b3]")).ToContainTextAsync("3栋");
        Assert.EndsWith("/admin/places", page.Url);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Repo.Root, "docs", "images", "place-tree.png"), FullPage = true });

        // Without the script a node is a link: the page for that node, with its breadcrumb.
        await page.GotoAsync(url + "/admin/places?open=compound-dangui");
        await Assertions.Expect(page.Locator(".breadcrumb a[data-crumb=compound-dangui]")).ToHaveTextAsync("丹桂苑小区");
        await Assertions.Expect(page.Locator("[data-place-tree] > li[data-place-id=b6]")).ToBeVisibleAsync();

        await page.FillAsync("#place-search", "丹桂苑 3栋");
        await page.Locator("form.list-search button[type=submit]").ClickAsync();
        var found = page.Locator(".place-search-results li");
        await Assertions.Expect(found).ToHaveCountAsync(1);
        await Assertions.Expect(found).ToContainTextAsync("城南区 / 幸福路街道 / 幸福里社区 / 丹桂苑小区 / 3栋");

        // The notice form's picker: type, choose, publish; the notice targets that building and says so in words.
        await page.GotoAsync(url + "/admin/notices/edit");
        await page.FillAsync("#Title", "3栋电梯周五检修");
        await page.FillAsync("#Body", "周五上午三栋电梯停运检修，请走楼梯。");
        var picker = page.Locator("#picker-TargetPlaceId");
        await page.FillAsync("#picker-TargetPlaceId-q", "丹桂 3栋");
        await picker.Locator("button.picker-option", new() { HasText = "3栋" }).ClickAsync();
        await Assertions.Expect(picker.Locator("[data-picker-chosen]")).ToHaveTextAsync("城南区 / 幸福路街道 / 幸福里社区 / 丹桂苑小区 / 3栋");
        await page.ClickAsync("button.primary");
        await Assertions.Expect(page.Locator(".notice-banner.ok")).ToBeVisibleAsync();
        await page.Locator("tr", new() { HasText = "3栋电梯周五检修" }).Locator("a[href*='/admin/notices/edit']").First.ClickAsync();
        await Assertions.Expect(page.Locator("#picker-TargetPlaceId [data-picker-chosen]")).ToHaveTextAsync("城南区 / 幸福路街道 / 幸福里社区 / 丹桂苑小区 / 3栋");
        Assert.Equal("b3", await page.Locator("#picker-TargetPlaceId input[data-picker-value]").InputValueAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Without_javascript_the_picker_searches_by_a_round_trip_and_ticks_a_match()
    {
        using var staff = new StaffBrowserClient(board.Controller.Url);
        await staff.SignInAsync("admin", ControllerHost.AdminPassword);
        using var response = await staff.GetAsync("/admin/notices/edit?TargetPlaceId=community-xingfuli&pick-TargetPlaceId=" + Uri.EscapeDataString("3栋"));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<input type=\"radio\" name=\"TargetPlaceId\" value=\"b3\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"b3-u1\"", html, StringComparison.Ordinal);
        // The value chosen so far is kept and shown in words.
        Assert.Contains("<div class=\"picker-chosen\" data-picker-chosen aria-live=\"polite\">城南区 / 幸福路街道 / 幸福里社区</div>", html, StringComparison.Ordinal);
        Assert.Contains("name=\"TargetPlaceId\" value=\"community-xingfuli\" data-picker-value", html, StringComparison.Ordinal);
    }
}
