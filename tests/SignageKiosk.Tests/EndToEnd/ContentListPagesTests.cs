using Microsoft.Playwright;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.EndToEnd;

/// <summary>
/// The staff list pages at more than one page of rows (issue 16): 50 a page with the shared pager, a search box that
/// keeps its term across pages, and the place filter.
/// </summary>
public sealed class ContentListPagesTests(DemoBoard board) : IClassFixture<DemoBoard>
{
    [Fact]
    public async Task The_notices_page_searches_and_goes_to_page_two()
    {
        for (var n = 0; n < 60; n++)
        {
            await board.Admin.PostJsonAsync("/api/notices", new { id = $"lost-{n:D2}", title = $"寻物启事 第{n}号", body = "请到驿站认领。", target = new { placeId = "compound-dangui" } });
        }
        var total = (await board.ListAsync("notices")).Count;
        Assert.True(total > 60);
        var page = await board.Chromium.SignInToStaffPagesAsync(board.Controller.Url, "admin", ControllerHost.AdminPassword, 1366, 900);
        await page.GotoAsync(board.Controller.Url + "/admin/notices");
        await Assertions.Expect(page.Locator("tr[data-notice-id]")).ToHaveCountAsync(50);
        await Assertions.Expect(page.Locator("nav.pager")).ToHaveAttributeAsync("data-total", total.ToString(System.Globalization.CultureInfo.InvariantCulture));

        await page.FillAsync("form.list-search input[name=q]", "寻物启事");
        await page.ClickAsync("form.list-search button[type=submit]");
        await Assertions.Expect(page.Locator("nav.pager")).ToHaveAttributeAsync("data-total", "60");
        await Assertions.Expect(page.Locator("tr[data-notice-id]")).ToHaveCountAsync(50);
        Assert.Contains("q=", page.Url, StringComparison.Ordinal);
        await page.ScreenshotAsync(new() { Path = Path.Combine(DemoBoard.Artifacts, "admin-notices-search.png") });

        await page.ClickAsync("nav.pager a[rel=next]");
        await Assertions.Expect(page.Locator("nav.pager")).ToHaveAttributeAsync("data-page", "2");
        var rows = page.Locator("tr[data-notice-id]");
        await Assertions.Expect(rows).ToHaveCountAsync(10);
        foreach (var title in await page.Locator("tr[data-notice-id] td:first-child").AllInnerTextsAsync())
        {
            Assert.StartsWith("寻物启事", title, StringComparison.Ordinal);
        }
        // The term stays in the box and in the way back.
        Assert.Equal("寻物启事", await page.InputValueAsync("form.list-search input[name=q]"));
        await Assertions.Expect(page.Locator("nav.pager a[rel=prev]")).ToHaveAttributeAsync("href", "/admin/notices?q=" + Uri.EscapeDataString("寻物启事"));
        await Assertions.Expect(page.Locator("nav.pager a[rel=next]")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Path.Combine(DemoBoard.Artifacts, "admin-notices-page2.png") });

        // Narrowed to a compound with none of them: nothing, and the way back to all.
        await page.GotoAsync(board.Controller.Url + "/admin/notices?placeId=b2&q=" + Uri.EscapeDataString("寻物启事"));
        await Assertions.Expect(page.Locator("nav.pager")).ToHaveAttributeAsync("data-total", "0");
        await Assertions.Expect(page.Locator("[data-place-filter=b2]")).ToBeVisibleAsync();
        await page.GotoAsync(board.Controller.Url + "/admin/notices?placeId=nowhere");
        await Assertions.Expect(page.Locator(".notice-banner.error")).ToContainTextAsync("不在你的管辖范围内");
        await page.Context.CloseAsync();
    }
}
