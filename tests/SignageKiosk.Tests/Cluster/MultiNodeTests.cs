using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Shared.Sync;
using SignageKiosk.Simulator.Kiosks;
using SignageKiosk.Tests.Integration;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Cluster;

/// <summary>
/// Several controller nodes on one PostgreSQL store (decisions 0037, 0040): real Kestrel nodes, a real throwaway
/// PostgreSQL cluster, simulated kiosks speaking the kiosk's protocol over real WebSockets to different nodes.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class MultiNodeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The notices each simulated kiosk applied, in the order it applied them (live or by catch-up).</summary>
    private sealed class Received : ConcurrentDictionary<string, ConcurrentQueue<SyncChange>>;

    private static KioskBehaviour Behaviour(Received? received = null, TimeSpan? heartbeat = null) => new()
    {
        HeartbeatInterval = heartbeat ?? TimeSpan.FromHours(1),
        ReconnectInitialDelay = TimeSpan.FromMilliseconds(100),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(500),
        Reactions = received is null ? new Dictionary<string, ChangeReaction>() : new Dictionary<string, ChangeReaction>
        {
            ["notices"] = (kiosk, change, _) =>
            {
                received.GetOrAdd(kiosk.KioskId, _ => new()).Enqueue(change);
                return Task.CompletedTask;
            },
        },
    };

    /// <summary>Two nodes on one PostgreSQL store, "<c>name</c>-1" and "<c>name</c>-2", with an administrator signed in on each.</summary>
    private sealed class TwoNodes : IAsyncDisposable
    {
        private readonly ControllerHost _first;
        private readonly ControllerHost _second;
        private HttpClient? _admin1;
        private HttpClient? _admin2;

        private TwoNodes(ControllerHost first, ControllerHost second)
        {
            _first = first;
            _second = second;
        }

        public static async Task<TwoNodes> StartAsync(string name, Dictionary<string, string?> settings, LogCapture? logs1 = null, LogCapture? logs2 = null)
        {
            var first = ControllerHost.Start(name + "-1", settings: settings, logs: logs1, store: StoreProvider.PostgreSql);
            TwoNodes? nodes = null;
            try
            {
                nodes = new TwoNodes(first, ControllerHost.Start(name + "-2", settings: settings, logs: logs2, store: StoreProvider.PostgreSql));
                nodes._admin1 = await nodes._first.AdminAsync();
                nodes._admin2 = await nodes._second.AdminAsync();
                return nodes;
            }
            catch
            {
                await (nodes?.DisposeAsync() ?? first.DisposeAsync());
                throw;
            }
        }

        public void Deconstruct(out ControllerHost first, out ControllerHost second, out HttpClient admin1, out HttpClient admin2)
        {
            (first, second) = (_first, _second);
            (admin1, admin2) = (_admin1!, _admin2!);
        }

        public async ValueTask DisposeAsync()
        {
            _admin2?.Dispose();
            _admin1?.Dispose();
            await _second.DisposeAsync();
            await _first.DisposeAsync();
        }
    }

    private static Dictionary<string, string?> SharedStore(string connectionString) => new()
    {
        ["Storage:Provider"] = nameof(StoreProvider.PostgreSql),
        ["Storage:ConnectionString"] = connectionString,
    };

    [Fact]
    public async Task Publishes_through_two_nodes_at_once_reach_every_kiosk_on_every_node_once_and_in_one_order()
    {
        var store = PostgresServer.Shared.CreateDatabase("two-nodes");
        await using var nodes = await TwoNodes.StartAsync("node", SharedStore(store));
        var (first, second, admin1, admin2) = nodes;
        var world = await TestWorld.CreateAsync(admin1);
        // Registered through the other node: both write to the same store.
        var credentials = new Dictionary<string, string>(world.Credentials);
        foreach (var i in Enumerable.Range(1, 6))
        {
            var id = $"kiosk-extra-{i}";
            credentials[id] = (await admin2.PostJsonAsync("/api/kiosks", new { id, name = $"走廊屏{i}", stationId = i % 2 == 0 ? "station-a" : "station-b" }))["credential"]!.GetValue<string>();
        }

        var received = new Received();
        await using var fleet1 = new SimulatedFleet(first.Url, Behaviour(received));
        await using var fleet2 = new SimulatedFleet(second.Url, Behaviour(received));
        var ids = credentials.Keys.Order(StringComparer.Ordinal).ToList();
        var kiosks = ids.Select((id, i) => (i % 2 == 0 ? fleet1 : fleet2).Add(id, credentials[id])).ToList();
        await fleet1.StartAsync(fleet1.Kiosks, 4, Timeout, CancellationToken.None);
        await fleet2.StartAsync(fleet2.Kiosks, 4, Timeout, CancellationToken.None);
        Assert.Equal(fleet1.Kiosks.Count, first.Services.GetRequiredService<SignageKiosk.Controller.Sync.KioskSessions>().Count);
        Assert.Equal(fleet2.Kiosks.Count, second.Services.GetRequiredService<SignageKiosk.Controller.Sync.KioskSessions>().Count);

        // Two members of staff publish at the same time, each through their own node.
        async Task<List<(long Seq, string Id)>> PublishAsync(HttpClient admin, string prefix) =>
            [.. await Task.WhenAll(Enumerable.Range(1, 30).Select(async i =>
            {
                var id = $"{prefix}-{i}";
                return (await admin.PublishAsync("notices", TestWorld.Notice(id, $"通知 {prefix} {i}", TestWorld.Community)), id);
            }))];
        var published = (await Task.WhenAll(PublishAsync(admin1, "n1"), PublishAsync(admin2, "n2"))).SelectMany(p => p).OrderBy(p => p.Seq).ToList();
        Assert.Equal(60, published.Select(p => p.Seq).Distinct().Count());

        var last = published[^1].Seq;
        await fleet1.WaitForAcksAsync(fleet1.Kiosks, last, Timeout, CancellationToken.None);
        await fleet2.WaitForAcksAsync(fleet2.Kiosks, last, Timeout, CancellationToken.None);
        foreach (var kiosk in kiosks)
        {
            // Every answered publish, once each, in the order of the log, on whichever node the kiosk is connected to.
            Assert.Equal(published, received[kiosk.KioskId].Where(c => c.Id.StartsWith('n')).Select(c => (c.Seq, c.Id)).ToList());
            Assert.Equal(0, kiosk.Counters.Gaps);
        }
        Assert.Equal(0, fleet1.Totals().StepErrors + fleet2.Totals().StepErrors);

        // The log is gap-free: its numbers are exactly 1…head.
        await using var connection = await first.Services.GetRequiredService<ControllerDb>().OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*), max(seq) FROM changes;";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(reader.GetInt64(1), reader.GetInt64(0));
        Assert.Equal(last, reader.GetInt64(1));
    }

    [Fact]
    public async Task A_kiosk_moved_through_one_node_says_hello_again_on_the_node_it_is_connected_to()
    {
        var store = PostgresServer.Shared.CreateDatabase("rehello");
        await using var nodes = await TwoNodes.StartAsync("rehello", SharedStore(store));
        var (_, second, admin1, _) = nodes;
        var world = await TestWorld.CreateAsync(admin1);
        await using var fleet = new SimulatedFleet(second.Url, Behaviour());
        var kiosk = fleet.Add(world.KioskA, world.Credentials["kiosk-a"]);
        await fleet.StartAsync(fleet.Kiosks, 1, Timeout, CancellationToken.None);

        // Moved to building 2 through node 1; it is connected to node 2.
        await admin1.SendJsonAsync(HttpMethod.Put, "/api/kiosks/" + world.KioskA, new { id = world.KioskA, name = "驿站大厅屏", stationId = "station-a", placeId = "a2" });
        var notice = await admin1.PublishAsync("notices", TestWorld.Notice("n-a2", "2栋停水通知", "a2"));
        await fleet.WaitForAcksAsync([kiosk], notice, Timeout, CancellationToken.None);
        Assert.True(kiosk.Cache.Holds("notices", "n-a2"));
        Assert.True(Volatile.Read(ref kiosk.Counters.Hellos) >= 2, "the kiosk said Hello again after its move");
    }

    [Fact]
    public async Task A_member_of_staff_stays_signed_in_and_their_open_form_still_sends_when_the_node_serving_them_dies()
    {
        var store = PostgresServer.Shared.CreateDatabase("staff-nodes");
        var first = ControllerHost.Start("staff-1", settings: SharedStore(store), store: StoreProvider.PostgreSql);
        await using var second = ControllerHost.Start("staff-2", settings: SharedStore(store), store: StoreProvider.PostgreSql);
        using (var admin = await first.AdminAsync())
        {
            await TestWorld.CreateAsync(admin);
        }
        using var staff = new StaffBrowserClient(first.Url);
        Assert.Equal(HttpStatusCode.Redirect, (await staff.SignInAsync("admin", ControllerHost.AdminPassword)).StatusCode);
        var formToken = await staff.TokenFromAsync("/admin/notices/edit");

        // The node that signed them in and served the form goes away; the load balancer sends them to the other one
        // (cookies belong to the host, 127.0.0.1, whatever the port).
        await first.DisposeAsync();
        using (var home = await staff.GetAsync(second.Url + "/admin"))
        {
            Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        }
        using var admin2 = await second.AdminAsync();
        var head = await admin2.HeadAsync();
        using var posted = await staff.PostFormAsync(second.Url + "/admin/notices/edit", new()
        {
            ["Title"] = "另一台节点收到的表单", ["Priority"] = "Normal", ["Category"] = "General", ["TargetPlaceId"] = TestWorld.CompoundA,
            ["__RequestVerificationToken"] = formToken,
        });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.True(await admin2.HeadAsync() > head);
    }

    [Fact]
    public async Task Every_node_counts_a_kiosk_connected_to_another_node_as_connected_until_it_leaves()
    {
        var store = PostgresServer.Shared.CreateDatabase("presence");
        await using var nodes = await TwoNodes.StartAsync("presence", SharedStore(store));
        var (_, second, admin1, _) = nodes;
        var world = await TestWorld.CreateAsync(admin1);
        await admin1.PostJsonAsync("/api/broadcasts", new
        {
            id = "gas-leak", title = "燃气泄漏，请勿使用明火", startsAt = DateTimeOffset.UtcNow, endsAt = DateTimeOffset.UtcNow.AddMinutes(30),
            target = new { placeId = TestWorld.CompoundB },
        });
        async Task<bool> ConnectedOnFirstAsync() =>
            (await admin1.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/api/broadcasts/gas-leak/displays"))!["kiosks"]!.AsArray()
                .Single(k => (string)k!["id"]! == world.KioskB)!["connected"]!.GetValue<bool>();
        Assert.False(await ConnectedOnFirstAsync());

        var fleet = new SimulatedFleet(second.Url, Behaviour());
        fleet.Add(world.KioskB, world.Credentials["kiosk-b"]);
        await fleet.StartAsync(fleet.Kiosks, 1, Timeout, CancellationToken.None);
        Assert.True(await ConnectedOnFirstAsync(), "node 1 sees the kiosk that is connected to node 2");

        await fleet.DisposeAsync();
        await Eventually.Until(ConnectedOnFirstAsync, connected => !connected, "node 1 to see that the kiosk left node 2");
    }

    [Fact]
    public async Task PostgreSQL_restarted_under_load_loses_nothing_that_was_answered_published()
    {
        // Its own cluster: the suite's shared one must not restart under other tests.
        using var postgres = PostgresServer.Start("restart");
        var store = postgres.CreateDatabase("restart");
        await using var nodes = await TwoNodes.StartAsync("pg-restart", SharedStore(store));
        var (first, second, admin1, admin2) = nodes;
        var world = await TestWorld.CreateAsync(admin1);
        var received = new Received();
        // Heartbeat catch-ups every 5 s: what a push lost in the outage would have missed is fetched.
        await using var fleet1 = new SimulatedFleet(first.Url, Behaviour(received, TimeSpan.FromSeconds(5)));
        await using var fleet2 = new SimulatedFleet(second.Url, Behaviour(received, TimeSpan.FromSeconds(5)));
        var a = fleet1.Add(world.KioskA, world.Credentials["kiosk-a"]);
        var b = fleet2.Add(world.KioskB, world.Credentials["kiosk-b"]);
        var lobby = fleet2.Add(world.KioskLobbyA1, world.Credentials["kiosk-a1"]);
        await fleet1.StartAsync(fleet1.Kiosks, 1, Timeout, CancellationToken.None);
        await fleet2.StartAsync(fleet2.Kiosks, 2, Timeout, CancellationToken.None);

        var answered = new ConcurrentBag<long>();
        var failed = 0;
        using var stop = new CancellationTokenSource();
        async Task PublishLoopAsync(HttpClient admin, string prefix)
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                try
                {
                    answered.Add(await admin.PublishAsync("notices", TestWorld.Notice($"{prefix}-{i}", $"通知 {i}", TestWorld.Community)));
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // Refused while the store was away: not answered "published", so nothing is owed.
                    Interlocked.Increment(ref failed);
                    await Task.Delay(100);
                }
            }
        }
        var loops = new[] { PublishLoopAsync(admin1, "p1"), PublishLoopAsync(admin2, "p2") };
        await Eventually.Until(() => Task.FromResult(answered.Count), n => n >= 20, "publishes before the restart");
        postgres.Kill();
        await Task.Delay(TimeSpan.FromSeconds(2));
        postgres.StartAgain();
        var before = answered.Count;
        await Eventually.Until(() => Task.FromResult(answered.Count), n => n >= before + 20, "publishes answered again after the restart",
            TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        await Task.WhenAll(loops);

        var published = answered.Order().ToList();
        var last = published[^1];
        await fleet1.WaitForAcksAsync([a], last, Timeout, CancellationToken.None);
        await fleet2.WaitForAcksAsync([b, lobby], last, Timeout, CancellationToken.None);
        foreach (var kiosk in new[] { a, b, lobby })
        {
            var seqs = received[kiosk.KioskId].Select(c => c.Seq).ToList();
            Assert.Equal(seqs.Order().Distinct(), seqs);
            Assert.Empty(published.Except(seqs));
        }
    }

    [Fact]
    public async Task Nodes_on_one_shared_data_folder_serve_a_photo_uploaded_through_either_and_find_nothing_to_report()
    {
        var store = PostgresServer.Shared.CreateDatabase("shared-folder");
        var settings = new Dictionary<string, string?>(SharedStore(store))
        {
            ["Storage:DataDirectory"] = Repo.TempDirectory("shared-folder"),
            ["Cluster:NodeTimeout"] = "00:00:01",
        };
        var logs = new LogCapture();
        await using var nodes = await TwoNodes.StartAsync("folder-node", settings, logs, logs);
        var (_, _, admin1, admin2) = nodes;

        var photo = await TestImages.UploadAsync(admin1, TestImages.PhotoJpeg(800, 600));
        Assert.Equal(photo.Bytes, await admin2.GetByteArrayAsync("/api/media/" + photo.Sha256));
        var back = await TestImages.UploadAsync(admin2, TestImages.PhotoJpeg(640, 480, seed: 2));
        Assert.Equal(back.Bytes, await admin1.GetByteArrayAsync("/api/media/" + back.Sha256));

        // Each node sees the other's marker: several looks (one a second here) and no error.
        var folder = Path.Combine(settings["Storage:DataDirectory"]!, SignageKiosk.Controller.Cluster.SharedFolderCheck.Folder);
        await Eventually.Until(() => Task.FromResult(Directory.GetFiles(folder).Length), n => n == 2, "both nodes' markers in the shared folder");
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.DoesNotContain(logs.Entries, e => e.Category.EndsWith("SharedFolderCheck", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_node_on_a_data_folder_of_its_own_says_which_node_it_does_not_share_photos_with()
    {
        var store = PostgresServer.Shared.CreateDatabase("own-folders");
        var settings = new Dictionary<string, string?>(SharedStore(store)) { ["Cluster:NodeTimeout"] = "00:00:01" };
        var logs1 = new LogCapture();
        var logs2 = new LogCapture();
        // Each node on the folder ControllerHost gives it: two folders, as two machines each with a local disk would have.
        await using var nodes = await TwoNodes.StartAsync("own-folder", settings, logs1, logs2);
        var (first, second, admin1, admin2) = nodes;

        // What goes wrong: a photo uploaded through one node is not on the other.
        var photo = await TestImages.UploadAsync(admin1, TestImages.PhotoJpeg(800, 600));
        Assert.Equal(HttpStatusCode.NotFound, (await admin2.GetAsync("/api/media/" + photo.Sha256)).StatusCode);

        // Each node names the other and its own folder, once.
        var node1 = first.Services.GetRequiredService<SignageKiosk.Controller.Cluster.KioskPresence>().Node;
        var node2 = second.Services.GetRequiredService<SignageKiosk.Controller.Cluster.KioskPresence>().Node;
        foreach (var (logs, other, folder) in new[] { (logs1, node2, first.DataDirectory), (logs2, node1, second.DataDirectory) })
        {
            var said = await Eventually.Until(() => Task.FromResult(logs.Entries.Where(e => e.Category.EndsWith("SharedFolderCheck", StringComparison.Ordinal)).ToList()),
                e => e.Count > 0, "the node to report the folder it does not share", TimeSpan.FromSeconds(30));
            var error = Assert.Single(said);
            Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Error, error.Level);
            Assert.Contains(other, error.Message);
            Assert.Contains(Path.GetFullPath(folder), error.Message);
        }
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single(logs1.Entries, e => e.Category.EndsWith("SharedFolderCheck", StringComparison.Ordinal));
    }
}
