using SignageKiosk.Controller.Storage;
using SignageKiosk.Tests.Integration;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Cluster;

/// <summary>
/// A real kiosk given the URLs of two controller nodes on one PostgreSQL store (issue 17: no load balancer needed):
/// when its node goes away it moves to the other and catches up from its cursor.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ControllerUrlListNodeTests
{
    [Fact]
    public async Task A_kiosk_on_node_A_moves_to_node_B_when_A_stops_and_misses_nothing_published_through_B()
    {
        var store = PostgresServer.Shared.CreateDatabase("url-list-nodes");
        Dictionary<string, string?> settings = new()
        {
            ["Storage:Provider"] = nameof(StoreProvider.PostgreSql),
            ["Storage:ConnectionString"] = store,
        };
        await using var nodeA = ControllerHost.Start("url-list-a", settings: settings, store: StoreProvider.PostgreSql);
        await using var nodeB = ControllerHost.Start("url-list-b", settings: settings, store: StoreProvider.PostgreSql);
        using var adminA = await nodeA.AdminAsync();
        using var adminB = await nodeB.SignInAsync("admin", ControllerHost.AdminPassword);
        var world = await TestWorld.CreateAsync(adminA);

        await using var kiosk = new KioskProcess("url-list-nodes", "", world.Credentials["kiosk-a"], ControllerUrlListTests.UrlList(nodeA.Url, nodeB.Url));
        kiosk.UseInstallationId(ControllerUrlListTests.InstallationIdStartingAt(0, 2));
        await kiosk.StartAsync();
        var published = new List<(long Seq, string Id, string Title)>();
        var first = await adminA.PublishAsync("notices", TestWorld.Notice("n-a", "通过节点一发布的通知", TestWorld.CompoundA));
        published.Add((first, "n-a", "通过节点一发布的通知"));
        await kiosk.WaitForSeqAsync(first);
        Assert.Equal(nodeA.Url + "/", (await kiosk.HealthAsync())["controller"]!.GetValue<string>());

        // Node A stops while staff keep publishing through node B, and staff go on publishing after it is gone.
        // (A graceful stop can take longer than the first ten publishes: those may still reach the kiosk through
        // A, so the last five are published only once A is down and can only come through B.)
        async Task PublishThroughBAsync(int from, int to)
        {
            for (var i = from; i <= to; i++)
            {
                var (id, title) = ($"n-b-{i}", $"通过节点二发布的通知 {i}");
                published.Add((await adminB.PublishAsync("notices", TestWorld.Notice(id, title, TestWorld.CompoundA)), id, title));
                await Task.Delay(100);
            }
        }
        var publishing = PublishThroughBAsync(1, 10);
        await nodeA.StopAsync();
        await publishing;
        await PublishThroughBAsync(11, 15);

        var last = published.Max(p => p.Seq);
        await kiosk.WaitForSeqAsync(last, $"the kiosk to reach {last} through node B");
        var health = await kiosk.HealthAsync();
        Assert.True(health["connected"]!.GetValue<bool>(), $"the kiosk is connected: {health}");
        Assert.Equal(nodeB.Url + "/", health["controller"]!.GetValue<string>());
        Assert.Contains("moving to " + nodeB.Url + "/", kiosk.Output);
        await kiosk.WaitForBoardAsync(b => b.Contains("通过节点二发布的通知 15"), "the last notice on the board");

        // Every notice answered "published", on either node, is in the kiosk's store with its title.
        await kiosk.KillAsync();
        var titles = await kiosk.CachedNoticeTitlesAsync();
        foreach (var (_, id, title) in published)
        {
            Assert.True(titles.TryGetValue(id, out var held), $"notice {id} is missing from the kiosk");
            Assert.Equal(title, held);
        }
    }
}
