using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using SignageKiosk.Shared.Sync;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>The sync protocol end to end: a real controller on Kestrel, real kiosk processes, real SQLite files.</summary>
[RunsFor(40)]
public sealed class SyncTests
{
    [Fact]
    public async Task A_publish_reaches_only_the_kiosks_it_targets()
    {
        await using var controller = ControllerHost.Start("targets");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await using var kioskA = await KioskProcess.StartAsync("a", controller.Url, world.Credentials["kiosk-a"]);
        await using var kioskB = await KioskProcess.StartAsync("b", controller.Url, world.Credentials["kiosk-b"]);
        await using var lobby = await KioskProcess.StartAsync("a1", controller.Url, world.Credentials["kiosk-a1"]);

        await admin.PublishAsync("notices", TestWorld.Notice("n-compound-a", "丹桂苑停水通知", TestWorld.CompoundA));
        await admin.PublishAsync("notices", TestWorld.Notice("n-building-a1", "1栋电梯检修", TestWorld.BuildingA1));
        await admin.PublishAsync("notices", new { id = "n-kiosk-b", title = "只给银杏苑大厅屏", target = new { kioskId = world.KioskB } });
        // Published last, to every kiosk: once a kiosk holds it, it holds everything that was meant for it.
        var last = await admin.PublishAsync("notices", TestWorld.Notice("n-community", "幸福里社区通知", TestWorld.Community));

        var boardA = await kioskA.WaitForBoardAsync(b => b.Contains("幸福里社区通知"), "kiosk A to show the community notice");
        var boardB = await kioskB.WaitForBoardAsync(b => b.Contains("幸福里社区通知"), "kiosk B to show the community notice");
        var boardLobby = await lobby.WaitForBoardAsync(b => b.Contains("幸福里社区通知"), "the lobby kiosk to show the community notice");
        await kioskA.WaitForSeqAsync(last);

        Assert.Contains("丹桂苑停水通知", boardA);
        Assert.DoesNotContain("1栋电梯检修", boardA);
        Assert.DoesNotContain("只给银杏苑大厅屏", boardA);

        Assert.Contains("只给银杏苑大厅屏", boardB);
        Assert.DoesNotContain("丹桂苑停水通知", boardB);
        Assert.DoesNotContain("1栋电梯检修", boardB);

        Assert.Contains("丹桂苑停水通知", boardLobby);
        Assert.Contains("1栋电梯检修", boardLobby);
        Assert.DoesNotContain("只给银杏苑大厅屏", boardLobby);
    }

    [Fact]
    public async Task A_kiosk_restarted_while_the_controller_is_down_serves_its_cache()
    {
        await using var controller = ControllerHost.Start("offline");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        var seq = await admin.PublishAsync("notices", TestWorld.Notice("n-1", "燃气安全检查通知", TestWorld.CompoundA));
        await using var kiosk = await KioskProcess.StartAsync("offline", controller.Url, world.Credentials["kiosk-a"]);
        await kiosk.WaitForSeqAsync(seq);

        await controller.StopAsync();
        await kiosk.RestartAsync();

        var health = await kiosk.HealthAsync();
        Assert.False(health["connected"]!.GetValue<bool>());
        Assert.Equal(seq, health["seq"]!.GetValue<long>());
        var board = await kiosk.BoardAsync();
        Assert.Contains("燃气安全检查通知", board);
        Assert.Contains("丹桂苑红色驿站", board);
    }

    [Fact]
    public async Task Changes_made_while_a_kiosk_was_away_all_arrive_in_order_exactly_once()
    {
        await using var controller = ControllerHost.Start("away");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await using var kiosk = await KioskProcess.StartAsync("away", controller.Url, world.Credentials["kiosk-a"]);
        await kiosk.WaitForSeqAsync(await admin.HeadAsync());
        await kiosk.KillAsync();

        // 30 creations, 20 updates of one notice (only the last title may survive), 10 deletions,
        // and 15 changes elsewhere that this kiosk must not receive.
        var targeted = 0;
        for (var i = 0; i < 30; i++, targeted++)
        {
            await admin.PublishAsync("notices", TestWorld.Notice($"n-{i}", $"通知{i}", TestWorld.CompoundA));
        }
        for (var v = 1; v <= 20; v++, targeted++)
        {
            await admin.PutJsonAsync("/api/notices/n-0", TestWorld.Notice("n-0", $"修订第{v}版", TestWorld.CompoundA));
        }
        for (var i = 20; i < 30; i++, targeted++)
        {
            await admin.DeleteAsync($"/api/notices/n-{i}");
        }
        for (var i = 0; i < 15; i++)
        {
            await admin.PublishAsync("notices", TestWorld.Notice($"b-{i}", $"银杏苑{i}", TestWorld.CompoundB));
        }
        var head = await admin.HeadAsync();

        await kiosk.StartAsync();
        var health = await kiosk.WaitForSeqAsync(head - 15);
        await Task.Delay(500);
        health = await kiosk.HealthAsync();

        // The counter lives in the new process: everything it applied came through this catch-up.
        Assert.Equal(targeted, health["changesApplied"]!.GetValue<long>());
        var board = await kiosk.BoardAsync();
        Assert.Contains("修订第20版", board);
        Assert.DoesNotContain("修订第19版", board);
        for (var i = 1; i < 20; i++)
        {
            Assert.Contains($">通知{i}<", board);
        }
        for (var i = 20; i < 30; i++)
        {
            Assert.DoesNotContain($">通知{i}<", board);
        }
        Assert.DoesNotContain("银杏苑", board);
    }

    [Fact]
    public async Task Hello_brings_the_first_catch_up_batch_when_asked_and_CatchUp_goes_on_from_it()
    {
        await using var controller = ControllerHost.Start("hello-batch");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        var credential = world.Credentials["kiosk-a"];
        long cursor;
        string fingerprint;
        await using (var first = await KioskHubClient.OpenAsync(controller.Url, credential))
        {
            // A first Hello needs a snapshot: no batch, even when asked.
            var hello = await first.Connection.InvokeAsync<HelloResponse>(SyncProtocol.Hello, new HelloRequest { Cursor = 0, CatchUpMax = 100 });
            Assert.True(hello.SnapshotRequired);
            Assert.Null(hello.Changes);
            var snapshot = await first.Connection.InvokeAsync<SyncSnapshot>(SyncProtocol.Snapshot);
            (cursor, fingerprint) = (snapshot.Seq, snapshot.ChainFingerprint);
        }
        var published = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            published.Add(await admin.PublishAsync("notices", TestWorld.Notice($"hb-{i}", $"握手带来的通知{i}", TestWorld.CompoundA)));
        }
        await admin.PublishAsync("notices", TestWorld.Notice("hb-other", "银杏苑的通知", TestWorld.CompoundB));

        await using (var kiosk = await KioskHubClient.OpenAsync(controller.Url, credential))
        {
            var hello = await kiosk.Connection.InvokeAsync<HelloResponse>(SyncProtocol.Hello,
                new HelloRequest { Cursor = cursor, ChainFingerprint = fingerprint, CatchUpMax = 2 });
            Assert.False(hello.SnapshotRequired);
            var batch = Assert.IsType<ChangeBatch>(hello.Changes);
            Assert.Equal(published.Take(2), batch.Changes.Select(c => c.Seq));
            Assert.Equal(cursor, batch.Changes[0].Prev);
            Assert.True(batch.More);
            // What the Hello handed out counts as sent: acking it is accepted (a seq never sent is refused).
            await kiosk.Connection.InvokeAsync(SyncProtocol.Ack, batch.Changes[^1].Seq);
            var rest = await kiosk.Connection.InvokeAsync<ChangeBatch>(SyncProtocol.CatchUp, batch.Changes[^1].Seq, 100);
            Assert.Equal(published.Skip(2), rest.Changes.Select(c => c.Seq));
            Assert.Equal(["hb-2", "hb-3", "hb-4"], rest.Changes.Select(c => c.Id));
            Assert.False(rest.More);
        }

        // An older kiosk does not ask and gets no batch; a negative size is refused.
        await using (var older = await KioskHubClient.OpenAsync(controller.Url, credential))
        {
            var hello = await older.Connection.InvokeAsync<HelloResponse>(SyncProtocol.Hello, new HelloRequest { Cursor = cursor, ChainFingerprint = fingerprint });
            Assert.False(hello.SnapshotRequired);
            Assert.Null(hello.Changes);
            var refused = await Assert.ThrowsAsync<HubException>(() => older.Connection.InvokeAsync<HelloResponse>(SyncProtocol.Hello,
                new HelloRequest { Cursor = cursor, ChainFingerprint = fingerprint, CatchUpMax = -1 }));
            Assert.Contains("catchUpMax must not be negative", refused.Message);
        }
    }

    [Fact]
    public async Task A_gap_in_the_live_stream_is_detected_and_filled()
    {
        await using var controller = ControllerHost.Start("gap");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        // No heartbeat catch-up during the test: only gap detection can recover the lost push.
        await using var kiosk = await KioskProcess.StartAsync("gap", controller.Url, world.Credentials["kiosk-a"],
            new() { ["Kiosk:HeartbeatInterval"] = "01:00:00" });
        await kiosk.WaitForSeqAsync(await admin.HeadAsync());
        // The first hello ends with a catch-up; until it has answered it could pick up the change below by itself.
        await Eventually.Until(kiosk.HealthAsync, h => h["lastSyncAt"] is not null, "the kiosk's first sync to finish");

        var lost = new TaskCompletionSource<long>();
        controller.Dispatcher.DeliveryFilter = (session, change) =>
        {
            if (change.Id == "n-lost")
            {
                lost.TrySetResult(change.Seq);
                return false;
            }
            return true;
        };
        var lostSeq = await admin.PublishAsync("notices", TestWorld.Notice("n-lost", "这条推送丢失了", TestWorld.CompoundA));
        Assert.Equal(lostSeq, await lost.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        await Task.Delay(300);
        Assert.DoesNotContain("这条推送丢失了", await kiosk.BoardAsync());
        Assert.Equal(0, (await kiosk.HealthAsync())["gapsDetected"]!.GetValue<long>());

        controller.Dispatcher.DeliveryFilter = null;
        var next = await admin.PublishAsync("notices", TestWorld.Notice("n-next", "下一条推送", TestWorld.CompoundA));

        var health = await kiosk.WaitForSeqAsync(next);
        Assert.Equal(1, health["gapsDetected"]!.GetValue<long>());
        var board = await kiosk.BoardAsync();
        Assert.Contains("这条推送丢失了", board);
        Assert.Contains("下一条推送", board);
    }

    [Fact]
    public async Task A_kiosk_killed_during_catch_up_of_5000_changes_restarts_consistent_and_finishes()
    {
        await using var controller = ControllerHost.Start("sigkill");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        // Small batches make catch-up long enough to be interrupted; the protocol is the same.
        await using var kiosk = await KioskProcess.StartAsync("sigkill", controller.Url, world.Credentials["kiosk-a"],
            new() { ["Kiosk:CatchUpBatchSize"] = "20" });
        var baseline = await admin.HeadAsync();
        await kiosk.WaitForSeqAsync(baseline);
        await kiosk.KillAsync();

        // 5,000 new notices, each one change; remember which sequence created which notice.
        var created = new long[5000];
        await Parallel.ForEachAsync(Enumerable.Range(0, 5000), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
            created[i] = await admin.PublishAsync("notices", TestWorld.Notice($"bulk-{i:D4}", $"批量通知{i}", TestWorld.CompoundA)));
        var head = created.Max();

        await kiosk.StartAsync();
        var seen = await Eventually.Until(kiosk.HealthAsync, h => h["seq"]!.GetValue<long>() > baseline, "catch-up to begin", pollMilliseconds: 5);
        var seqAtKill = seen["seq"]!.GetValue<long>();
        await kiosk.KillAsync();
        Assert.True(seqAtKill < head, $"the kill must land during catch-up (seq {seqAtKill} of {head})");

        // The cache opens, is intact, and holds exactly the notices created up to its cursor: no half batch.
        using (var store = KioskStoreFile.Open(kiosk.DataDirectory)!)
        {
            var cursor = store.Cursor;
            Assert.True(cursor >= seqAtKill, $"cursor went back from {seqAtKill} to {cursor}");
            Assert.Equal(created.Count(s => s <= cursor), store.Count("notices", "bulk-"));
        }

        await kiosk.StartAsync();
        var health = await kiosk.WaitForSeqAsync(head, "catch-up to finish after the kill");
        Assert.True(health["seq"]!.GetValue<long>() >= seqAtKill);
        Assert.Equal("Clean", health["store"]!["opening"]!.GetValue<string>());
        Assert.Equal(5000, KioskStoreFile.CursorAndNotices(kiosk.DataDirectory, "bulk-").Count);
    }
}
