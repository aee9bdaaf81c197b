using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>A kiosk is who its device credential says, where the controller says it stands.</summary>
public sealed class KioskIdentityTests
{
    [Fact]
    public async Task A_kiosk_with_a_revoked_credential_cannot_connect()
    {
        await using var controller = ControllerHost.Start("revoked");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await admin.PostJsonAsync("/api/kiosks/kiosk-a/credential", new { });
        await using var kiosk = await KioskProcess.StartAsync("revoked", controller.Url, world.Credentials["kiosk-a"]);
        var health = await Eventually.Until(kiosk.HealthAsync, h => h["lastError"] is not null, "the refused connection to be reported");
        Assert.False(health["connected"]!.GetValue<bool>());
        Assert.Contains("401", health["lastError"]!.GetValue<string>());
        Assert.Equal(0, health["items"]!.GetValue<int>());
    }

    [Fact]
    public async Task Revoking_a_credential_cuts_the_live_connection_and_the_new_one_works()
    {
        await using var controller = ControllerHost.Start("revoke-live");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await using var kiosk = await KioskProcess.StartAsync("revoke-live", controller.Url, world.Credentials["kiosk-a"]);
        await kiosk.WaitForSeqAsync(await admin.HeadAsync());
        Assert.True((await kiosk.HealthAsync())["connected"]!.GetValue<bool>());

        var fresh = (await admin.PostJsonAsync("/api/kiosks/kiosk-a/credential", new { }))["credential"]!.GetValue<string>();
        await Eventually.Until(kiosk.HealthAsync, h => !h["connected"]!.GetValue<bool>(), "the old credential's connection to be cut");
        var seq = await admin.PublishAsync("notices", TestWorld.Notice("n-after", "换证之后的通知", TestWorld.CompoundA));
        await Task.Delay(1500);
        Assert.DoesNotContain("换证之后的通知", await kiosk.BoardAsync());
        // The board keeps showing its cache while it cannot sync.
        Assert.Contains("丹桂苑红色驿站", await kiosk.BoardAsync());

        await using var reissued = await KioskProcess.StartAsync("reissued", controller.Url, fresh);
        await reissued.WaitForSeqAsync(seq);
        Assert.Contains("换证之后的通知", await reissued.BoardAsync());
    }

    [Fact]
    public async Task A_kiosk_moved_to_another_station_drops_the_old_content_and_loads_the_new()
    {
        await using var controller = ControllerHost.Start("moved");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await admin.PublishAsync("notices", TestWorld.Notice("n-a", "丹桂苑的通知", TestWorld.CompoundA));
        await admin.PublishAsync("notices", TestWorld.Notice("n-b", "银杏苑的通知", TestWorld.CompoundB));
        await using var kiosk = await KioskProcess.StartAsync("moved", controller.Url, world.Credentials["kiosk-a1"]);
        await kiosk.WaitForBoardAsync(b => b.Contains("丹桂苑的通知"), "the lobby kiosk to show compound A");

        await admin.PutJsonAsync("/api/kiosks/kiosk-a1", new { name = "借给银杏苑的屏", stationId = "station-b" });

        var board = await kiosk.WaitForBoardAsync(b => b.Contains("银杏苑的通知"), "the moved kiosk to show compound B");
        Assert.DoesNotContain("丹桂苑的通知", board);
        Assert.Contains("银杏苑邻里中心", board);
    }

    [Fact]
    public async Task A_kiosk_reconnects_by_itself_after_the_controller_restarts_and_misses_nothing()
    {
        await using var controller = ControllerHost.Start("restart");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await using var kiosk = await KioskProcess.StartAsync("restart", controller.Url, world.Credentials["kiosk-a"]);
        await kiosk.WaitForSeqAsync(await admin.HeadAsync());

        await controller.StopAsync();
        await Eventually.Until(kiosk.HealthAsync, h => !h["connected"]!.GetValue<bool>(), "the kiosk to notice the controller is gone");
        controller.Start();
        using var again = await controller.AdminAsync();
        var seq = await again.PublishAsync("notices", TestWorld.Notice("n-back", "控制器重启后的通知", TestWorld.CompoundA));

        await kiosk.WaitForBoardAsync(b => b.Contains("控制器重启后的通知"), "the kiosk to reconnect and receive the new notice");
        var health = await kiosk.HealthAsync();
        Assert.True(health["connected"]!.GetValue<bool>());
        Assert.Equal(seq, health["seq"]!.GetValue<long>());
    }
}
