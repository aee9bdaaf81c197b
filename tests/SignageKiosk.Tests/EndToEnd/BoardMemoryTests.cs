using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.EndToEnd;

/// <summary>
/// A board runs for months and redraws at every edit staff make (issue 18 point 6): whatever one update leaves behind in
/// the page, a thousand leave a thousand times. Chromium's own counters, read through its DevTools protocol after a
/// full garbage collection, say what the page still holds.
/// </summary>
[RunsFor(40)]
public sealed class BoardMemoryTests(DemoBoard board) : IClassFixture<DemoBoard>
{
    [Fact]
    public async Task Hundreds_of_edits_leave_the_board_page_holding_no_more_nodes_listeners_or_script_heap_than_a_few()
    {
        var page = await board.OpenAsync();
        var devTools = await page.Context.NewCDPSessionAsync(page);
        // The first edits load and warm up what every later one reuses (fonts, the event stream, the script's compiled
        // code: the script heap grew by about 240 KB over the first 200 edits, then 34 and 20 KB over the next two 200).
        await EditAndWaitAsync(page, 1, 200);
        var before = await CountersAsync(devTools);
        var rendersBefore = await page.EvaluateAsync<int>("() => window.signageBoard.stats.renders");

        await EditAndWaitAsync(page, 201, 400);
        var after = await CountersAsync(devTools);
        var renders = await page.EvaluateAsync<int>("() => window.signageBoard.stats.renders") - rendersBefore;

        // The page must really have redrawn for most edits (several edits may arrive in one redraw).
        Assert.True(renders >= 50, $"the board redrew {renders} times for 200 edits");
        // A redraw swaps #board's content: the nodes of the old content go, the new content has the same shape.
        Assert.True(after.Nodes <= before.Nodes + 200, $"DOM nodes {before.Nodes} → {after.Nodes} over {renders} redraws");
        Assert.True(after.Documents <= before.Documents, $"documents {before.Documents} → {after.Documents}");
        // Listeners are delegated on document and added once (board.js); any added per redraw would show here.
        Assert.True(after.Listeners <= before.Listeners + 5, $"event listeners {before.Listeners} → {after.Listeners} over {renders} redraws");
        // The script's own data: the update timings it keeps are capped; nothing else may pile up per edit.
        Assert.True(after.HeapUsed <= before.HeapUsed + 256 * 1024,
            $"script heap after a full collection {before.HeapUsed / 1024} KB → {after.HeapUsed / 1024} KB over {renders} redraws");
    }

    private async Task EditAndWaitAsync(IPage page, int first, int last)
    {
        for (var edit = first; edit <= last; edit++)
        {
            var number = string.Create(CultureInfo.InvariantCulture, $"0536-8{edit:D6}");
            await board.Admin.EditDemoHotlineAsync(number);
            // Every tenth edit is waited for on screen, so edits come faster than redraws at times, as they can.
            if (edit % 10 == 0 || edit == last)
            {
                await Assertions.Expect(page.Locator(DemoHotline.NumberSelector)).ToHaveTextAsync(number);
            }
        }
    }

    private sealed record Counters(long Documents, long Nodes, long Listeners, long HeapUsed);

    private static async Task<Counters> CountersAsync(ICDPSession devTools)
    {
        // Twice: a collection can free what finalises in the one before it.
        await devTools.SendAsync("HeapProfiler.collectGarbage");
        await devTools.SendAsync("HeapProfiler.collectGarbage");
        var dom = (await devTools.SendAsync("Memory.getDOMCounters"))!.Value;
        var heap = (await devTools.SendAsync("Runtime.getHeapUsage"))!.Value;
        return new Counters(Long(dom, "documents"), Long(dom, "nodes"), Long(dom, "jsEventListeners"), Long(heap, "usedSize"));
    }

    private static long Long(JsonElement element, string name) => (long)element.GetProperty(name).GetDouble();
}
