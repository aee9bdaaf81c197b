using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// A kiosk upgraded from the SQLite version: its data folder holds cache.db and display.db as that version left them.
/// On first start the new kiosk converts them into its LiteDB store, so the board is never blank during the upgrade,
/// even with the controller out of reach; then it catches up from the old cursor without a snapshot.
/// </summary>
public sealed class StoreUpgradeTests
{
    [Fact]
    public async Task A_kiosk_upgraded_from_the_SQLite_version_shows_its_old_cache_at_once_and_catches_up_from_its_cursor()
    {
        await using var controller = ControllerHost.Start("store-upgrade");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        var (sha, _, _, photo) = await TestImages.UploadAsync(admin, TestImages.NoiseJpeg(160, 120), name: "map.jpg");
        await admin.PublishAsync("notices", new
        {
            id = "with-map", title = "停车位示意图", priority = "normal", target = new { placeId = TestWorld.CompoundA },
            image = new { sha256 = sha, size = photo.Length, contentType = "image/jpeg" },
        });
        await admin.PublishAsync("notices", TestWorld.Notice("old", "升级前的通知", TestWorld.CompoundA));
        await using var kiosk = await KioskProcess.StartAsync("store-upgrade", controller.Url, world.Credentials["kiosk-a"]);
        var before = await kiosk.WaitForSeqAsync(await admin.HeadAsync());
        await kiosk.WaitForBoardAsync(b => b.Contains("停车位示意图"), "the notice with its picture");
        await kiosk.KillAsync();

        // The same folder as the SQLite version kept it, with an hour of display time not yet sent.
        var hour = new DateTimeOffset(DateTime.UtcNow.Date.AddHours(DateTime.UtcNow.Hour), TimeSpan.Zero).ToUnixTimeSeconds();
        var legacy = LegacySqliteCache.Downgrade(kiosk.DataDirectory, old => old with
        {
            Media = [(sha, photo.Length)],
            DisplayHours = [("old", hour, 125_000, 0)],
        });
        Assert.True(File.Exists(Path.Combine(kiosk.DataDirectory, "cache.db")));
        Assert.False(File.Exists(kiosk.StorePath));

        await controller.StopAsync();
        await kiosk.StartAsync();
        var health = await kiosk.HealthAsync();
        Assert.Equal("Converted", health["store"]!["opening"]!.GetValue<string>());
        Assert.Equal(legacy.Cursor, health["seq"]!.GetValue<long>());
        Assert.Equal(before["items"]!.GetValue<long>(), health["items"]!.GetValue<long>());
        var board = await kiosk.BoardAsync();
        Assert.Contains("升级前的通知", board);
        // The picture's file and its verified mark came across: shown without fetching it again.
        Assert.Contains("停车位示意图", board);
        Assert.DoesNotContain("正在载入公告内容", board);
        using (var local = new HttpClient())
        {
            var hours = (await local.GetFromJsonAsync<JsonObject>(kiosk.Url + "/display"))!["hours"]!.AsArray();
            Assert.Contains(hours, h => h!["noticeId"]!.GetValue<string>() == "old" && h["seconds"]!.GetValue<int>() >= 125);
        }
        foreach (var old in new[] { "cache.db", "cache.db-wal", "cache.db-shm", "display.db", "display.db-wal", "display.db-shm" })
        {
            Assert.False(File.Exists(Path.Combine(kiosk.DataDirectory, old)), $"{old} is wiped once converted");
        }
        Assert.True(File.Exists(Path.Combine(kiosk.DataDirectory, KioskStoreFile.GoodCopyName)), "a converted store is copied at once");

        controller.Start();
        var head = await admin.PublishAsync("notices", TestWorld.Notice("new", "升级后的通知", TestWorld.CompoundA));
        health = await kiosk.WaitForSeqAsync(head, "the upgraded kiosk to catch up");
        // From the old cursor, not from a snapshot: one change applied.
        Assert.Equal(1, health["changesApplied"]!.GetValue<long>());
        await kiosk.WaitForBoardAsync(b => b.Contains("升级后的通知") && b.Contains("升级前的通知"), "old and new together");
    }

    [Fact]
    public async Task A_damaged_SQLite_cache_is_not_converted_the_kiosk_takes_a_snapshot_instead()
    {
        await using var controller = ControllerHost.Start("store-upgrade-damaged");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        var head = await admin.PublishAsync("notices", TestWorld.Notice("n", "小区通知", TestWorld.CompoundA));
        var kiosk = new KioskProcess("store-upgrade-damaged", controller.Url, world.Credentials["kiosk-a"]);
        await using var _ = kiosk;
        Directory.CreateDirectory(kiosk.DataDirectory);
        await File.WriteAllBytesAsync(Path.Combine(kiosk.DataDirectory, "cache.db"), RandomNumberGenerator.GetBytes(3 * 4096));

        await kiosk.StartAsync();
        await kiosk.WaitForSeqAsync(head, "a snapshot in place of the unreadable old cache");
        Assert.Contains("小区通知", await kiosk.BoardAsync());
        Assert.False(File.Exists(Path.Combine(kiosk.DataDirectory, "cache.db")), "the unreadable old cache is wiped too");
    }
}
