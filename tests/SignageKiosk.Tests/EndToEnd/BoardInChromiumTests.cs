using Microsoft.Playwright;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.EndToEnd;

/// <summary>The first board in a real Chromium: demo content in Chinese, updated live without a reload.</summary>
[Collection(Integration.ClusterCollection.Name)]
public sealed class BoardInChromiumTests
{
    [Fact]
    public async Task The_demo_board_shows_Chinese_with_real_glyphs_and_a_published_notice_appears_without_reload()
    {
        await using var controller = ControllerHost.Start("e2e", demo: true);
        using var admin = await controller.AdminAsync();
        await using var kiosk = await KioskProcess.StartAsync("e2e", controller.Url, controller.DemoKioskCredential("kiosk-lobby"));
        await kiosk.WaitForSeqAsync(await admin.HeadAsync());

        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } });
        await page.GotoAsync(kiosk.Url);

        await Assertions.Expect(page.Locator(".station")).ToHaveTextAsync("丹桂苑红色驿站");
        await Assertions.Expect(page.Locator("[data-panel=notices] h2")).ToHaveTextAsync("通知公告");
        await Assertions.Expect(page.Locator("[data-notice-id=n-water-outage]")).ToBeVisibleAsync();
        // The demo's expired notice is in the cache but never on the board.
        await Assertions.Expect(page.Locator("[data-notice-id=n-heating-test]")).ToHaveCountAsync(0);

        // Real glyphs: two different characters drawn in the board's font give different pixels. With no CJK
        // font both would be the same missing-glyph box.
        var distinct = await page.EvaluateAsync<bool>(
            """
            () => {
              const font = getComputedStyle(document.querySelector('.station')).fontFamily;
              const draw = ch => {
                const c = document.createElement('canvas'); c.width = 64; c.height = 64;
                const g = c.getContext('2d'); g.fillStyle = '#fff'; g.fillRect(0, 0, 64, 64);
                g.fillStyle = '#000'; g.font = '48px ' + font; g.fillText(ch, 4, 52);
                return Array.from(g.getImageData(0, 0, 64, 64).data).join(',');
              };
              return draw('驿') !== draw('站') && draw('站') !== draw('公');
            }
            """);
        Assert.True(distinct, "Chinese characters render as identical boxes: no CJK font");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "signagekiosk-board.png") });

        // Publish through the API; the open page changes by itself.
        var reloads = 0;
        page.Load += (_, _) => reloads++;
        var seq = await admin.PublishAsync("notices", new
        {
            id = "n-live", title = "今晚七点小板凳议事会", body = "<b>议题</b>：加装电梯。<script>document.title='hacked'</script>",
            priority = "pinned", target = new { placeId = "compound-dangui" },
        });
        var notice = page.Locator("[data-notice-id=n-live]");
        await Assertions.Expect(notice).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Assertions.Expect(notice.Locator("h3")).ToHaveTextAsync("今晚七点小板凳议事会");
        // Staff text is text: the markup shows as characters and nothing runs.
        await Assertions.Expect(notice.Locator("p")).ToContainTextAsync("<b>议题</b>");
        Assert.Equal(0, await notice.Locator("b, script").CountAsync());
        Assert.NotEqual("hacked", await page.TitleAsync());
        Assert.Equal(0, reloads);

        var health = await kiosk.HealthAsync();
        Assert.True(health["seq"]!.GetValue<long>() >= seq);

        // Deleting takes it off the open page too.
        await admin.DeleteAsync("/api/notices/n-live");
        await Assertions.Expect(notice).ToHaveCountAsync(0, new() { Timeout = 10_000 });
        Assert.Equal(0, reloads);
    }
}
