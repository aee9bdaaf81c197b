using Microsoft.Data.Sqlite;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// A cache file damaged on disk (cut short, or garbage written over it): the kiosk notices at start, sets the file
/// aside, shows a clear "loading" screen with the emergency numbers instead of a broken board, and rebuilds
/// everything from the controller once it is reachable.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CorruptCacheTests
{
    public static TheoryData<string> Damage => ["truncated", "garbage"];

    [Theory]
    [MemberData(nameof(Damage))]
    public async Task A_damaged_cache_is_set_aside_the_screen_stays_sensible_and_the_cache_is_rebuilt(string damage)
    {
        await using var controller = ControllerHost.Start("corrupt-" + damage);
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        for (var i = 0; i < 200; i++)
        {
            await admin.PublishAsync("notices", TestWorld.Notice($"n-{i}", $"小区通知{i}", TestWorld.CompoundA));
        }
        var head = await admin.HeadAsync();
        await using var kiosk = await KioskProcess.StartAsync("corrupt-" + damage, controller.Url, world.Credentials["kiosk-a"]);
        var items = (await kiosk.WaitForSeqAsync(head))["items"]!.GetValue<long>();
        await kiosk.KillAsync();
        // Fold the write-ahead log into the file first, so the damage hits the content and not a log SQLite would replay.
        await using (var checkpoint = new SqliteConnection($"Data Source={kiosk.CachePath};Pooling=False"))
        {
            await checkpoint.OpenAsync();
            await using var command = checkpoint.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await command.ExecuteNonQueryAsync();
        }
        var length = new FileInfo(kiosk.CachePath).Length;
        Assert.True(length > 16 * 4096, $"the cache should span many pages, is {length} bytes");
        await using (var file = new FileStream(kiosk.CachePath, FileMode.Open, FileAccess.ReadWrite))
        {
            if (damage == "truncated")
            {
                file.SetLength(length / 2);
            }
            else
            {
                var garbage = new byte[4 * 4096];
                new Random(7).NextBytes(garbage);
                file.Position = 4 * 4096;
                await file.WriteAsync(garbage);
            }
        }

        // The controller is out of reach too: the kiosk has nothing to show but must still show something sensible.
        await controller.StopAsync();
        await kiosk.StartAsync();
        var health = await kiosk.HealthAsync();
        Assert.Equal(0, health["items"]!.GetValue<long>());
        Assert.NotNull(health["cacheSetAside"]?.GetValue<string>());
        Assert.True(File.Exists(health["cacheSetAside"]!.GetValue<string>()), "the damaged file is kept for a look, not deleted");
        var board = await kiosk.BoardAsync();
        Assert.Contains("正在载入公告内容", board);
        Assert.Contains("110", board);

        controller.Start();
        health = await kiosk.WaitForSeqAsync(head, "the kiosk to rebuild its cache from the controller");
        Assert.Equal(items, health["items"]!.GetValue<long>());
        board = await kiosk.WaitForBoardAsync(b => b.Contains("小区通知199"), "the rebuilt board");
        Assert.DoesNotContain("正在载入公告内容", board);
    }
}
