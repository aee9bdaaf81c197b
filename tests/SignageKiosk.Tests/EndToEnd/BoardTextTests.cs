using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.EndToEnd;

/// <summary>
/// What staff paste, as a new user would: a reversing control character, a 5,000-character link, emoji.
/// The board shows it readable, wrapped and in colour, through the real controller, kiosk and Chromium.
/// </summary>
public sealed class BoardTextTests(DemoBoard board) : IClassFixture<DemoBoard>
{
    private static async Task<ILocator> OpenNoticeAsync(IPage page, string id)
    {
        if (await page.Locator(".tile-notices").IsVisibleAsync())
        {
            await page.Locator(".tile-notices").ClickAsync();
        }
        await Assertions.Expect(page.Locator("[data-screen=notices]")).ToBeVisibleAsync();
        var item = page.Locator($".notice-list [data-notice='{id}']");
        await Assertions.Expect(item).ToBeAttachedAsync(new() { Timeout = 10_000 });
        // It may sit on a later page of the list: a tap on it as the board's own handler sees it.
        await item.EvaluateAsync("e => e.click()");
        var detail = page.Locator($"[data-notice-detail='{id}']");
        await Assertions.Expect(detail).ToBeVisibleAsync();
        return detail;
    }

    [Fact]
    public async Task A_pasted_right_to_left_override_is_dropped_and_the_phone_number_reads_in_order()
    {
        var seq = await board.Admin.PublishAsync("notices", new
        {
            id = "n-rlo", title = "停水通知 电话\u202E 13800138000", body = "咨询\u2067物业 12345\u2069 谢谢", target = new { placeId = "compound-dangui" },
        });
        var stored = await board.Admin.GetFromJsonAsync<JsonObject>("/api/notices/n-rlo");
        Assert.Equal("停水通知 电话 13800138000", stored!["title"]!.GetValue<string>());
        Assert.Equal("咨询物业 12345 谢谢", stored["body"]!.GetValue<string>());

        await board.Kiosk.WaitForSeqAsync(seq);
        var page = await board.OpenAsync();
        var detail = await OpenNoticeAsync(page, "n-rlo");
        var title = await detail.Locator(".detail-title").TextContentAsync();
        Assert.Equal("停水通知 电话 13800138000", title);
        var text = await page.Locator("#board").TextContentAsync();
        Assert.DoesNotContain('\u202E', text!);
        Assert.DoesNotContain('\u2067', text!);
        Assert.Contains("13800138000", text);
        await page.CloseAsync();
        await board.Admin.DeleteAsync("/api/notices/n-rlo");
    }

    [Fact]
    public async Task A_5000_character_unbroken_token_wraps_inside_its_panel()
    {
        var token = "https://example.com/" + string.Concat(Enumerable.Range(0, 5000).Select(i => (char)('a' + i % 26)));
        var seq = await board.Admin.PublishAsync("notices", new
        {
            id = "n-long", title = "长链接" + new string('x', 190), body = token, target = new { placeId = "compound-dangui" },
        });
        await board.Kiosk.WaitForSeqAsync(seq);
        var page = await board.OpenAsync();
        await page.Locator(".tile-notices").ClickAsync();
        await Assertions.Expect(page.Locator(".notice-list [data-notice='n-long']")).ToBeAttachedAsync(new() { Timeout = 10_000 });
        // Onto the list's page that holds it.
        await page.Locator(".notice-list [data-notice='n-long']").EvaluateAsync("e => { const next = document.querySelector(`.pager[data-pager-for='${e.closest('.paged').dataset.pager}'] [data-action='page-next']`); for (let i = 0; i < 20 && e.classList.contains('off-page'); i++) next.click(); }");
        await AssertNothingOverflowsAsync(page, "the notice list");
        await OpenNoticeAsync(page, "n-long");
        await page.ScreenshotAsync(new() { Path = Path.Combine(DemoBoard.Artifacts, "board-long-token.png") });
        await AssertNothingOverflowsAsync(page, "the notice's page");
        await page.CloseAsync();
        await board.Admin.DeleteAsync("/api/notices/n-long");
    }

    /// <summary>No visible element of the board is wider than its box or reaches past the 1920×1080 screen, and nothing scrolls sideways.</summary>
    private static async Task AssertNothingOverflowsAsync(IPage page, string where)
    {
        var problems = await page.EvaluateAsync<string[]>("""
            () => {
              const out = [];
              for (const e of document.querySelectorAll('#board *')) {
                if (e.closest('[hidden], .off-page') || e.getClientRects().length === 0) continue;
                const style = getComputedStyle(e);
                // nowrap lines that end in an ellipsis are cut on purpose (ticker, side hotlines).
                if (style.textOverflow === 'ellipsis') continue;
                const r = e.getBoundingClientRect();
                if (e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0) out.push(`${e.tagName}.${e.className}: scrollWidth ${e.scrollWidth} > clientWidth ${e.clientWidth}`);
                if (r.width > 0 && (r.right > innerWidth + 1 || r.left < -1)) out.push(`${e.tagName}.${e.className}: right edge ${Math.round(r.right)} past ${innerWidth}`);
              }
              if (document.documentElement.scrollWidth > innerWidth) out.push('the page scrolls sideways');
              return out.slice(0, 10);
            }
            """);
        Assert.True(problems.Length == 0, $"{where}: " + string.Join("; ", problems));
    }

    [Fact]
    public async Task Emoji_show_in_colour_not_as_empty_boxes()
    {
        var seq = await board.Admin.PublishAsync("notices", new { id = "n-emoji", title = "🎉😀🎂 社区节日活动", body = "欢迎参加", target = new { placeId = "compound-dangui" } });
        seq = Math.Max(seq, await board.Admin.PublishAsync("notices", new { id = "n-plain", title = "社区节日活动", body = "欢迎参加", target = new { placeId = "compound-dangui" } }));
        await board.Kiosk.WaitForSeqAsync(seq);
        var page = await board.OpenAsync();
        var emoji = await (await OpenNoticeAsync(page, "n-emoji")).Locator(".detail-title").ScreenshotAsync(new() { Path = Path.Combine(DemoBoard.Artifacts, "board-emoji-title.png") });
        await page.EvaluateAsync("() => document.querySelector('[data-screen]:not([hidden]) [data-action=home]')?.click()");
        var plain = await (await OpenNoticeAsync(page, "n-plain")).Locator(".detail-title").ScreenshotAsync();

        // Colour emoji have saturated pixels; a missing-glyph box is drawn in the text's own near-black.
        await page.GotoAsync("about:blank");
        var colourful = await SaturatedPixelsAsync(page, emoji);
        var control = await SaturatedPixelsAsync(page, plain);
        Assert.True(colourful > 300, $"the emoji title has only {colourful} coloured pixels: emoji drawn as boxes (is fonts-noto-color-emoji installed?)");
        Assert.True(control < 20, $"the plain title has {control} coloured pixels: the measure is not telling emoji apart");
        await page.CloseAsync();
        await board.Admin.DeleteAsync("/api/notices/n-emoji");
        await board.Admin.DeleteAsync("/api/notices/n-plain");
    }

    /// <summary>Pixels of a PNG whose channels differ by more than 80 (colour, not grey), counted by Chromium (on a blank page).</summary>
    private static async Task<int> SaturatedPixelsAsync(IPage page, byte[] png)
    {
        return await page.EvaluateAsync<int>("""
            async (data) => {
              const image = new Image();
              image.src = 'data:image/png;base64,' + data;
              await image.decode();
              const canvas = document.createElement('canvas');
              canvas.width = image.width; canvas.height = image.height;
              const context = canvas.getContext('2d');
              context.drawImage(image, 0, 0);
              const pixels = context.getImageData(0, 0, image.width, image.height).data;
              let count = 0;
              for (let i = 0; i < pixels.length; i += 4) {
                const r = pixels[i], g = pixels[i + 1], b = pixels[i + 2];
                if (Math.max(r, g, b) - Math.min(r, g, b) > 80) count++;
              }
              return count;
            }
            """, Convert.ToBase64String(png));
    }
}
