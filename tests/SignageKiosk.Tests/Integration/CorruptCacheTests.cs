using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// A store file damaged on disk (cut short, or garbage written over it), as a power cut or a failing card leaves it.
/// The kiosk checks its store on open: with its last good copy intact it shows that copy's content at once, even with
/// the controller out of reach, and catches up from the copy's cursor; with the copy damaged too it sets both aside,
/// shows a clear "loading" screen with the emergency numbers instead of a broken board, and takes a snapshot.
/// </summary>
public sealed class CorruptCacheTests
{
    public static TheoryData<string, bool> Damages => new()
    {
        { "truncated", false },
        { "garbage", false },
        { "truncated", true },
        { "garbage", true },
    };

    [Theory]
    [MemberData(nameof(Damages))]
    public async Task A_damaged_store_falls_back_to_its_good_copy_or_else_to_a_snapshot_and_the_screen_stays_sensible(string damage, bool goodCopyDamagedToo)
    {
        var name = $"corrupt-{damage}-{(goodCopyDamagedToo ? "both" : "store")}";
        await using var controller = ControllerHost.Start(name);
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        for (var i = 0; i < 200; i++)
        {
            await admin.PublishAsync("notices", new { id = $"n-{i}", title = $"小区通知{i}", body = new string('告', 400), priority = "normal", target = new { placeId = TestWorld.CompoundA } });
        }
        var first = await admin.HeadAsync();
        // The first sync is a snapshot, and a snapshot is followed by a good copy; the copy then stays at this
        // sequence (the interval is long) while the store moves on.
        await using var kiosk = await KioskProcess.StartAsync(name, controller.Url, world.Credentials["kiosk-a"]);
        await kiosk.WaitForSeqAsync(first);
        await admin.PublishAsync("notices", TestWorld.Notice("after-copy", "停电检修通知", TestWorld.CompoundA));
        var head = await admin.HeadAsync();
        var items = (await kiosk.WaitForSeqAsync(head))["items"]!.GetValue<long>();
        await kiosk.KillAsync();

        Damage(kiosk.StorePath, damage);
        if (goodCopyDamagedToo)
        {
            Damage(Path.Combine(kiosk.DataDirectory, KioskStoreFile.GoodCopyName), damage);
        }

        // The controller is out of reach too: the kiosk has only its own disk.
        await controller.StopAsync();
        await kiosk.StartAsync();
        var health = await kiosk.HealthAsync();
        var setAside = health["store"]!["setAside"]!.GetValue<string>();
        Assert.True(File.Exists(setAside), "the damaged file is kept for a look, not deleted");
        if (goodCopyDamagedToo)
        {
            Assert.Equal("New", health["store"]!["opening"]!.GetValue<string>());
            Assert.Equal(0, health["items"]!.GetValue<long>());
            var board = await kiosk.BoardAsync();
            Assert.Contains("正在载入公告内容", board);
            Assert.Contains("110", board);
        }
        else
        {
            Assert.Equal("GoodCopy", health["store"]!["opening"]!.GetValue<string>());
            Assert.Equal(first, health["seq"]!.GetValue<long>());
            var board = await kiosk.BoardAsync();
            Assert.Contains("小区通知199", board);
            Assert.DoesNotContain("停电检修通知", board);
        }

        controller.Start();
        health = await kiosk.WaitForSeqAsync(head, "the kiosk to catch up from what it could keep");
        Assert.Equal(items, health["items"]!.GetValue<long>());
        var rebuilt = await kiosk.WaitForBoardAsync(b => b.Contains("小区通知199") && b.Contains("停电检修通知"), "the whole board again");
        Assert.DoesNotContain("正在载入公告内容", rebuilt);
        if (!goodCopyDamagedToo)
        {
            // Caught up from the copy's cursor: only the one change made after the copy travelled, not a snapshot.
            Assert.Equal(1, health["changesApplied"]!.GetValue<long>());
        }
    }

    private static void Damage(string path, string damage)
    {
        var length = new FileInfo(path).Length;
        Assert.True(length > 16 * 8192, $"{Path.GetFileName(path)} should span many pages, is {length} bytes");
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        if (damage == "truncated")
        {
            file.SetLength(length / 2);
        }
        else
        {
            var garbage = new byte[length / 2];
            new Random(7).NextBytes(garbage);
            file.Position = length / 4;
            file.Write(garbage);
        }
    }
}
