using SignageKiosk.Tests.Support;
using Xunit.Abstractions;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// LiteDB 5 does not fsync its commits (LiteDB issue 2818): after a power cut the store's log file (kiosk-log.db) can
/// be cut short, or end in a page half written (zeros or stale bytes). Fifty times: the kiosk takes a few changes, is
/// killed, and its log is torn at a random offset the way a power cut tears it. Every time the kiosk opens, shows
/// content at once (never the loading screen: the good copy is there), and ends in sync having applied each change
/// after the cursor it opened at exactly once.
/// </summary>
[RunsFor(60)]
public sealed class StoreTornLogTests(ITestOutputHelper output)
{
    private const int Tears = 50;
    private const int PageSize = 8192;

    [Fact]
    public async Task A_log_torn_at_random_offsets_50_times_the_kiosk_opens_shows_content_and_ends_in_sync_applying_nothing_twice()
    {
        var random = new Random(Environment.GetEnvironmentVariable("FAULT_SEED") is { } s ? int.Parse(s) : 20261205);
        await using var controller = ControllerHost.Start("torn-log");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await admin.PublishAsync("notices", TestWorld.Notice("first", "燃气安全检查通知", TestWorld.CompoundA));
        // The good copy is taken after the first snapshot and then not again for an hour: every change of the
        // run lives only in the store and its log, where the tears land.
        await using var kiosk = await KioskProcess.StartAsync("torn-log", controller.Url, world.Credentials["kiosk-a"],
            new() { ["Kiosk:Store:GoodCopyInterval"] = "01:00:00" });
        var baseline = (await kiosk.WaitForSeqAsync(await admin.HeadAsync()))["items"]!.GetValue<long>();

        var published = new List<string>();
        var outcomes = new Dictionary<string, int>();
        for (var tear = 0; tear < Tears; tear++)
        {
            for (var i = 0; i < 3; i++)
            {
                var id = $"bulk-{tear:D2}-{i}";
                await admin.PublishAsync("notices", TestWorld.Notice(id, $"第{tear}轮通知{i}", TestWorld.CompoundA));
                published.Add(id);
            }
            var head = await admin.HeadAsync();
            await kiosk.WaitForSeqAsync(head);
            await kiosk.KillAsync();

            var how = Tear(Path.Combine(kiosk.DataDirectory, "kiosk-log.db"), random);

            await kiosk.StartAsync();
            var health = await kiosk.HealthAsync();
            var opening = health["store"]!["opening"]!.GetValue<string>();
            var openedAt = health["store"]!["cursorAtOpen"]!.GetValue<long>();
            var startSeq = health["seq"]!.GetValue<long>();
            outcomes[opening] = outcomes.GetValueOrDefault(opening) + 1;
            Assert.True(opening is "Clean" or "GoodCopy", $"tear {tear} ({how}): the store opened as {opening}\n{kiosk.Output}");
            var board = await kiosk.BoardAsync();
            Assert.DoesNotContain("正在载入公告内容", board);
            Assert.Contains("燃气安全检查通知", board);

            health = await kiosk.WaitForSeqAsync(head, $"tear {tear} ({how}): the kiosk to catch up");
            // Every sequence after the one it opened at is one of this kiosk's changes: applied once each, no snapshot.
            Assert.True(head - openedAt == health["changesApplied"]!.GetValue<long>(),
                $"tear {tear} ({how}): opened at {openedAt} (seq {startSeq} at start), head {head}, applied {health["changesApplied"]}\n{kiosk.Output}");
            Assert.Equal(baseline + published.Count, health["items"]!.GetValue<long>());
            output.WriteLine($"tear {tear}: {how} → {opening} at {openedAt}, caught up {head - openedAt}");
        }

        await kiosk.KillAsync();
        using var store = KioskStoreFile.Open(kiosk.DataDirectory)!;
        Assert.Equal(published.Order(), store.Items.Where(i => i.Kind == "notices" && i.Id.StartsWith("bulk-", StringComparison.Ordinal)).Select(i => i.Id).Order());
        output.WriteLine(string.Join(", ", outcomes.Select(o => $"{o.Key}: {o.Value}")));
    }

    /// <summary>What a power cut leaves of a log written without fsync: its tail gone, or its last page half written.</summary>
    private static string Tear(string log, Random random)
    {
        var length = File.Exists(log) ? new FileInfo(log).Length : 0;
        if (length == 0)
        {
            return "no log";
        }
        var offset = random.NextInt64(0, length);
        using var file = new FileStream(log, FileMode.Open, FileAccess.ReadWrite);
        switch (random.Next(3))
        {
            case 0:
                file.SetLength(offset);
                return $"cut at {offset} of {length}";
            case 1:
                // The rest of the page never reached the disk: zeros from the offset to the page's end, and nothing after.
                var pageEnd = Math.Min(length, (offset / PageSize + 1) * PageSize);
                file.Position = offset;
                file.Write(new byte[pageEnd - offset]);
                file.SetLength(pageEnd);
                return $"zeros from {offset} to {pageEnd} of {length}";
            default:
                // A page half written over older bytes: garbage from the offset to the page's end.
                var end = Math.Min(length, (offset / PageSize + 1) * PageSize);
                var garbage = new byte[end - offset];
                random.NextBytes(garbage);
                file.Position = offset;
                file.Write(garbage);
                return $"garbage from {offset} to {end} of {length}";
        }
    }
}
