using SignageKiosk.Tests.Support;
using Xunit.Abstractions;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// SIGKILL (a power cut) at random moments, 25 times during a long catch-up and 25 times during a media download
/// over a slow link: every time the store opens clean (its own check on open finds its seal intact, no fallback to the
/// good copy), its cursor never goes back, it holds exactly the changes up to its cursor, and in the end the kiosk
/// finishes both.
/// </summary>
[RunsFor(120)]
public sealed class KioskKillTests(ITestOutputHelper output)
{
    private const int KillsPerPhase = 25;

    [Fact]
    public async Task Killed_50_times_during_catch_up_and_media_download_the_cache_always_opens_never_goes_back_and_finishes()
    {
        var random = new Random(Environment.GetEnvironmentVariable("FAULT_SEED") is { } s ? int.Parse(s) : 20261122);
        await using var controller = ControllerHost.Start("kiosk-kills");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await using var proxy = new TcpProxy(controller.Port);
        // Small catch-up batches make a catch-up many transactions long: more moments to be killed in.
        await using var kiosk = await KioskProcess.StartAsync("kiosk-kills", proxy.Url, world.Credentials["kiosk-a"], new() { ["Kiosk:CatchUpBatchSize"] = "10" });
        await kiosk.WaitForSeqAsync(await admin.HeadAsync());
        await kiosk.KillAsync();

        var created = new long[3000];
        await Parallel.ForEachAsync(Enumerable.Range(0, created.Length), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
            created[i] = await admin.PublishAsync("notices", TestWorld.Notice($"bulk-{i:D4}", $"批量通知{i}", TestWorld.CompoundA)));
        var head = created.Max();

        // Phase 1: killed during catch-up.
        long cursor = 0, midway = 0;
        for (var kill = 0; kill < KillsPerPhase; kill++)
        {
            await kiosk.StartAsync();
            await AssertOpenedCleanAsync(kiosk, kill);
            await Task.Delay(random.Next(0, 400));
            await kiosk.KillAsync();
            var (next, bulk) = await InspectAsync(kiosk);
            Assert.True(next >= cursor, $"kill {kill}: the cursor went back from {cursor} to {next}");
            Assert.Equal(created.Count(s => s <= next), bulk);
            midway += next > 0 && next < head ? 1 : 0;
            cursor = next;
        }
        await kiosk.StartAsync();
        await kiosk.WaitForSeqAsync(head, "catch-up to finish after 25 kills");
        Assert.Equal(created.Length, (await InspectAsync(kiosk)).Bulk);
        await kiosk.KillAsync();

        // Phase 2: killed during a download of about 2.6 MB (noise, which the controller's re-encoding cannot shrink much)
        // over a link of about 256 KB/s: at least 10 s of downloading, so even on a loaded machine, where this test's kill
        // can come seconds after it was due, the download spans several kills (at 1 MB/s, CI twice saw it finish within two).
        var (sha, _, _, photo) = await TestImages.UploadAsync(admin, TestImages.NoiseJpeg(1920, 1920, quality: 100), name: "outage.jpg");
        Assert.True(photo.Length > 2_400_000, $"the stored picture is {photo.Length} bytes: too small to be caught mid-download");
        var seq = await admin.PublishAsync("notices", new
        {
            id = "with-photo", title = "停水区域示意图", priority = "urgent", target = new { placeId = TestWorld.CompoundA },
            image = new { sha256 = sha, size = photo.Length, contentType = "image/jpeg" },
        });
        proxy.BytesPerSecond = 256 * 1024;
        var partial = Path.Combine(kiosk.DataDirectory, "media", ".partial-" + sha);
        var whole = Path.Combine(kiosk.DataDirectory, "media", sha);
        var partialGrew = 0;
        long lastPartial = 0;
        for (var kill = 0; kill < KillsPerPhase; kill++)
        {
            await kiosk.StartAsync();
            await AssertOpenedCleanAsync(kiosk, kill);
            // Kill only once this start has fetched more (on a busy machine a kiosk can take longer than any fixed delay
            // to reach the download), and watch the partial file meanwhile: a download that started again from zero
            // would show it smaller than before.
            await WaitForDownloadToMoveAsync(partial, whole, lastPartial, kill);
            await Task.Delay(random.Next(100, 700));
            await kiosk.KillAsync();
            var (next, _) = await InspectAsync(kiosk);
            Assert.True(next >= cursor, $"media kill {kill}: the cursor went back from {cursor} to {next}");
            cursor = next;
            var size = File.Exists(partial) ? new FileInfo(partial).Length : 0;
            Assert.True(size <= photo.Length);
            partialGrew += size > lastPartial ? 1 : 0;
            lastPartial = Math.Max(lastPartial, size);
            Assert.False(File.Exists(whole) && !File.ReadAllBytes(whole).SequenceEqual(photo),
                "a media file under its hash name is always the whole, verified file");
        }
        proxy.BytesPerSecond = 0;
        await kiosk.StartAsync();
        await kiosk.WaitForSeqAsync(seq);
        await kiosk.WaitForBoardAsync(b => b.Contains("停水区域示意图"), "the notice to show once its picture is whole");
        Assert.Equal(photo, await File.ReadAllBytesAsync(whole));
        output.WriteLine($"{KillsPerPhase * 2} kills: {midway} landed mid catch-up; the partial download grew across {partialGrew} kills (resumed, not restarted)");
        Assert.True(midway > 0, "at least one kill must land in the middle of the catch-up");
        Assert.True(partialGrew > 1, "the download must resume across kills");
    }

    /// <summary>Until the partial download is bigger than <paramref name="before"/> or the whole file is there; fails if it shrinks.</summary>
    private static async Task WaitForDownloadToMoveAsync(string partial, string whole, long before, int kill)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (!File.Exists(whole))
        {
            long size;
            try
            {
                size = File.Exists(partial) ? new FileInfo(partial).Length : 0;
            }
            catch (FileNotFoundException)
            {
                continue; // renamed to its hash name between the two looks
            }
            if (size > before)
            {
                return;
            }
            Assert.True(before == 0 || size == before || File.Exists(whole), $"media kill {kill}: the partial download went from {before} to {size} bytes (started again instead of resuming)");
            Assert.True(DateTime.UtcNow < deadline, $"media kill {kill}: the download did not move past {before} bytes within 90 s");
            await Task.Delay(20);
        }
    }

    private static Task<(long Cursor, long Bulk)> InspectAsync(KioskProcess kiosk) =>
        Task.FromResult(KioskStoreFile.CursorAndNotices(kiosk.DataDirectory, "bulk-"));

    /// <summary>A SIGKILL is not a power cut: the page cache keeps every write, so the store must open clean, not from its copy.</summary>
    private static async Task AssertOpenedCleanAsync(KioskProcess kiosk, int kill)
    {
        var store = (await kiosk.HealthAsync())!["store"]!;
        Assert.True(store["opening"]!.GetValue<string>() is "Clean" or "New", $"kill {kill}: the store opened as {store.ToJsonString()}");
    }
}
