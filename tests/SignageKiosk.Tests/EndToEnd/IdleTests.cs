using Microsoft.Playwright;

namespace SignageKiosk.Tests.EndToEnd;

public sealed class IdleTests(QuickIdleBoard board) : IClassFixture<QuickIdleBoard>
{
    [Fact]
    public async Task An_idle_board_returns_home_rotates_through_the_panels_and_a_touch_stops_it_at_once()
    {
        var page = await board.OpenAsync();
        await page.Locator(".tile-notices").ClickAsync();
        await page.Locator("[data-action=a11y]").ClickAsync();
        await page.Locator("[data-overlay=a11y] [data-setting=scheme][data-value=black-yellow]").ClickAsync();
        Assert.Equal("black-yellow", await page.EvaluateAsync<string>("() => document.documentElement.dataset.scheme"));

        // After the idle time: back home, the next resident gets the default settings, and the loop runs.
        await page.WaitForFunctionAsync("() => document.documentElement.dataset.attract === '1'", null, new() { Timeout = 10_000 });
        Assert.Equal("default", await page.EvaluateAsync<string>("() => document.documentElement.dataset.scheme"));
        var seen = new HashSet<string>();
        for (var i = 0; i < 40 && seen.Count < 3; i++)
        {
            seen.Add(await page.EvaluateAsync<string>("() => signageBoard.state.screen"));
            await page.WaitForTimeoutAsync(150);
        }
        Assert.True(seen.Count >= 3, "the attract loop did not rotate: " + string.Join(",", seen));

        // One touch ends the loop and only ends it: the board goes home and does not open what was touched.
        await page.Touchscreen.TapAsync(400, 400);
        Assert.Null(await page.EvaluateAsync<string?>("() => document.documentElement.dataset.attract ?? null"));
        Assert.Equal("home", await page.EvaluateAsync<string>("() => signageBoard.state.screen"));
        await page.WaitForTimeoutAsync(300);
        Assert.Equal("home", await page.EvaluateAsync<string>("() => signageBoard.state.screen"));
    }
}
