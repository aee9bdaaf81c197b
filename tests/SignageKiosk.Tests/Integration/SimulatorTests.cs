using SignageKiosk.Shared.Sync;
using SignageKiosk.Simulator.Kiosks;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// The load simulator (tests/SignageKiosk.Simulator) must speak the kiosk's protocol faithfully, or its figures mean
/// nothing: these run a few simulated kiosks against a real controller and check what they hold and do.
/// </summary>
public sealed class SimulatorTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static KioskBehaviour Behaviour(IReadOnlyDictionary<string, ChangeReaction>? reactions = null) => new()
    {
        HeartbeatInterval = TimeSpan.FromHours(1),
        ReconnectInitialDelay = TimeSpan.FromMilliseconds(100),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(500),
        Reactions = reactions ?? new Dictionary<string, ChangeReaction>(),
    };

    [Fact]
    public async Task Simulated_kiosks_load_their_places_receive_only_what_targets_them_and_react_by_kind()
    {
        await using var controller = ControllerHost.Start("sim-targets");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        var noticesSeen = 0;
        await using var fleet = new SimulatedFleet(controller.Url, Behaviour(new Dictionary<string, ChangeReaction>
        {
            ["notices"] = (_, _, _) =>
            {
                Interlocked.Increment(ref noticesSeen);
                return Task.CompletedTask;
            },
        }));
        var a = fleet.Add(world.KioskA, world.Credentials["kiosk-a"]);
        var b = fleet.Add(world.KioskB, world.Credentials["kiosk-b"]);
        var lobby = fleet.Add(world.KioskLobbyA1, world.Credentials["kiosk-a1"]);
        await fleet.StartAsync(fleet.Kiosks, 3, Timeout, CancellationToken.None);

        // The snapshot's places follow the sync rule: the chain, and the buildings and units of the kiosk's compound.
        foreach (var place in new[] { "city", "district", "street", TestWorld.Community, TestWorld.CompoundA, TestWorld.BuildingA1, "a1-u1", "a2" })
        {
            Assert.True(a.Cache.Holds("places", place), place);
            Assert.True(lobby.Cache.Holds("places", place), place);
        }
        Assert.False(a.Cache.Holds("places", TestWorld.CompoundB));
        Assert.False(a.Cache.Holds("places", "b1"));
        Assert.True(b.Cache.Holds("places", "b1"));
        Assert.False(b.Cache.Holds("places", "a1-u1"));
        Assert.True(a.Cache.Holds("stations", "station-a"));
        Assert.False(a.Cache.Holds("stations", "station-b"));

        var building = await admin.PublishAsync("notices", TestWorld.Notice("n-a1", "1栋电梯检修", TestWorld.BuildingA1));
        await fleet.WaitForAcksAsync([lobby], building, Timeout, CancellationToken.None);
        var everyone = await admin.PublishAsync("notices", TestWorld.Notice("n-all", "幸福里社区通知", TestWorld.Community));
        await fleet.WaitForAcksAsync([a, b, lobby], everyone, Timeout, CancellationToken.None);

        Assert.True(lobby.Cache.Holds("notices", "n-a1"));
        Assert.False(a.Cache.Holds("notices", "n-a1"));
        Assert.False(b.Cache.Holds("notices", "n-a1"));
        Assert.All(new[] { a, b, lobby }, k => Assert.True(k.Cache.Holds("notices", "n-all")));
        Assert.Equal(everyone, lobby.Cache.Cursor);
        Assert.Equal(4, Volatile.Read(ref noticesSeen));
        Assert.Equal(0, fleet.Totals().StepErrors);
    }

    [Fact]
    public async Task A_lost_push_is_noticed_by_its_Prev_and_filled_by_a_catch_up()
    {
        await using var controller = ControllerHost.Start("sim-gap");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await using var fleet = new SimulatedFleet(controller.Url, Behaviour());
        var a = fleet.Add(world.KioskA, world.Credentials["kiosk-a"]);
        await fleet.StartAsync(fleet.Kiosks, 1, Timeout, CancellationToken.None);
        controller.Dispatcher.DeliveryFilter = (session, change) => !(session.KioskId == world.KioskA && change.Id == "n-lost");

        await admin.PublishAsync("notices", TestWorld.Notice("n-lost", "停水通知", TestWorld.CompoundA));
        var next = await admin.PublishAsync("notices", TestWorld.Notice("n-next", "停电通知", TestWorld.CompoundA));
        await fleet.WaitForAcksAsync([a], next, Timeout, CancellationToken.None);

        Assert.True(a.Cache.Holds("notices", "n-lost"));
        Assert.True(a.Cache.Holds("notices", "n-next"));
        Assert.Equal(1, a.Counters.Gaps);
        Assert.Equal(1, a.Counters.CatchUps);
    }

    [Fact]
    public async Task Dropped_kiosks_come_back_with_their_cursor_and_catch_up_without_a_snapshot()
    {
        await using var controller = ControllerHost.Start("sim-drop");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await using var fleet = new SimulatedFleet(controller.Url, Behaviour());
        fleet.Add(world.KioskA, world.Credentials["kiosk-a"]);
        fleet.Add(world.KioskB, world.Credentials["kiosk-b"]);
        fleet.Add(world.KioskLobbyA1, world.Credentials["kiosk-a1"]);
        await fleet.StartAsync(fleet.Kiosks, 3, Timeout, CancellationToken.None);
        var offline = fleet.Kiosks[0];
        await offline.GoOfflineAsync();
        var missed = await admin.PublishAsync("notices", TestWorld.Notice("n-missed", "燃气检修", TestWorld.CompoundA));
        // The kiosk still online in compound A takes it first (kiosk-b, in compound B, is not sent it): a drop in the
        // middle of its ack would fail that step (counted below), the network's doing, not the recovery this test is about.
        await fleet.WaitForAcksAsync([.. fleet.Kiosks.Where(k => k.KioskId == world.KioskLobbyA1)], missed, Timeout, CancellationToken.None);

        var cut = System.Diagnostics.Stopwatch.GetTimestamp();
        fleet.DropAll();
        offline.Resume();
        await fleet.WaitUntilAsync(ks => ks.All(k => k.Synced && k.SyncedAt > cut), Timeout, "every kiosk back in sync", CancellationToken.None);

        Assert.True(offline.Cache.Holds("notices", "n-missed"));
        Assert.Equal(missed, offline.Cache.Cursor);
        Assert.All(fleet.Kiosks, k => Assert.Equal(2, k.Counters.Hellos));
        Assert.All(fleet.Kiosks, k => Assert.Equal(1, k.Counters.Snapshots));
        Assert.Equal(0, fleet.Totals().StepErrors);
        Assert.Equal(SyncDecision.Skip, SyncRules.Decide(offline.Cache.Cursor, new SyncChange { Seq = missed, Kind = "notices", Id = "n-missed" }));
    }

    [Fact]
    public async Task Rotating_kiosks_take_and_confirm_a_new_credential_on_every_hello_and_reconnect_with_it()
    {
        await using var controller = ControllerHost.Start("sim-rotate");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await using var fleet = new SimulatedFleet(controller.Url, Behaviour() with { RotateCredentials = true });
        fleet.Add(world.KioskA, world.Credentials["kiosk-a"]);
        fleet.Add(world.KioskB, world.Credentials["kiosk-b"]);
        await fleet.StartAsync(fleet.Kiosks, 2, Timeout, CancellationToken.None);
        Assert.All(fleet.Kiosks, k => Assert.Equal(1, k.Counters.Rotations));

        // The confirmation retired the registered credential, so reconnecting works only with the new one: a kiosk
        // presenting the old one would be refused and flagged as a clone.
        var cut = System.Diagnostics.Stopwatch.GetTimestamp();
        fleet.DropAll();
        await fleet.WaitUntilAsync(ks => ks.All(k => k.Synced && k.SyncedAt > cut), Timeout, "every kiosk back with its new credential", CancellationToken.None);
        Assert.All(fleet.Kiosks, k => Assert.Equal(2, k.Counters.Rotations));
        Assert.Equal(0, fleet.Totals().StepErrors);
        var kiosks = System.Text.Json.Nodes.JsonNode.Parse(await admin.GetStringAsync("/api/fleet"))!["items"]!.AsArray();
        Assert.All(kiosks.Where(k => k!["id"]!.GetValue<string>() is "kiosk-a" or "kiosk-b"), k => Assert.False(k!["credentialReused"]!.GetValue<bool>()));
    }
}
