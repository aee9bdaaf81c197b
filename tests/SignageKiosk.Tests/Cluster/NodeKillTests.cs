using Npgsql;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Simulator.Controller;
using SignageKiosk.Tests.Integration;
using SignageKiosk.Tests.Support;
using Xunit.Abstractions;

namespace SignageKiosk.Tests.Cluster;

/// <summary>
/// Controller nodes, each its own process on one PostgreSQL store, behind HAProxy (no stickiness); kiosk processes and
/// staff reach them only through it. A node serving kiosks is SIGKILLed at random moments during 200 publishes: its
/// kiosks reconnect through the load balancer to a node still standing and catch up before it is back, and afterwards
/// every publish answered "published" is on every kiosk exactly once and in order.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class NodeKillTests(ITestOutputHelper output)
{
    private const int Publishes = 200;
    private const int Kills = 3;

    [Fact]
    public async Task A_node_killed_during_200_publishes_its_kiosks_reconnect_through_the_load_balancer_and_miss_nothing_answered()
    {
        var random = new Random(Environment.GetEnvironmentVariable("FAULT_SEED") is { } s ? int.Parse(s) : 20261206);
        var nodeCount = Environment.GetEnvironmentVariable("FAULT_NODES") is { Length: > 0 } n ? int.Parse(n) : 2;
        var store = PostgresServer.Shared.CreateDatabase("node-kills");
        var settings = new Dictionary<string, string>
        {
            ["Storage:Provider"] = nameof(StoreProvider.PostgreSql),
            ["Storage:ConnectionString"] = store,
        };
        var nodes = new List<ControllerProcess>();
        LoadBalancer? balancer = null;
        var kiosks = new List<KioskProcess>();
        try
        {
            // The first node alone creates the administrator and the key ring; the others join a ready store (0040).
            for (var i = 1; i <= nodeCount; i++)
            {
                nodes.Add(await ControllerProcess.StartAsync(Repo.TempDirectory($"node-kills-{i}"), settings: settings));
            }
            balancer = await LoadBalancer.StartAsync("node-kills", nodes.Select(node => node.Port));
            var admin = await ControllerHost.SignInAsync(new HttpClient { BaseAddress = new Uri(balancer.Url), Timeout = TimeSpan.FromSeconds(30) }, "admin", ControllerProcess.AdminPassword);
            var world = await TestWorld.CreateAsync(admin);
            kiosks.Add(await KioskProcess.StartAsync("node-kills-a", balancer.Url, world.Credentials["kiosk-a"]));
            kiosks.Add(await KioskProcess.StartAsync("node-kills-a1", balancer.Url, world.Credentials["kiosk-a1"]));
            var victims = new List<string>();
            ControllerProcess victim = nodes[0];
            List<string> holding = [];
            var (publishes, kills) = PublishesUnderKills.FromEnvironment(Publishes, Kills);
            var run = new PublishesUnderKills
            {
                Admin = admin,
                Kiosks = kiosks,
                Random = random,
                Publishes = publishes,
                Kills = kills,
                KillAsync = async _ =>
                {
                    var serving = await NodesServingKiosksAsync(store, nodes);
                    victim = serving.Count > 0 ? serving[random.Next(serving.Count)] : nodes[random.Next(nodes.Count)];
                    victims.Add($"node{nodes.IndexOf(victim) + 1}{(serving.Contains(victim) ? "" : " (no kiosk)")}");
                    holding = await KiosksOnAsync(store, victim);
                    await victim.KillAsync();
                },
                RecoverAsync = async _ =>
                {
                    // While it is down: its kiosks go back through the load balancer to a node still standing and catch up.
                    var head = await admin.HeadAsync();
                    foreach (var kiosk in kiosks)
                    {
                        await kiosk.WaitForSeqAsync(head, $"a kiosk to catch up through the load balancer while node{nodes.IndexOf(victim) + 1} is down " +
                            $"(it held {string.Join(", ", holding)})\n{balancer.Output}");
                    }
                    await victim.StartAsync();
                },
                ChangesAfterAsync = baseline => ChangesAfterAsync(store, baseline),
            };
            var outcome = await run.RunAsync();
            output.WriteLine($"{nodeCount} nodes behind HAProxy, {publishes} publishes, {outcome.Kills} SIGKILLs ({string.Join(", ", victims)}): " +
                $"{outcome.Answered} answered 'published', {outcome.Unanswered} not answered ({string.Join("; ", outcome.Refusals)}); " +
                $"{outcome.Logged} changes in the log; both kiosks equal to the store");
            Assert.DoesNotContain(victims, v => v.EndsWith("(no kiosk)", StringComparison.Ordinal));
        }
        finally
        {
            foreach (var kiosk in kiosks)
            {
                await kiosk.DisposeAsync();
            }
            if (balancer is not null)
            {
                await balancer.DisposeAsync();
            }
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    /// <summary>The running nodes some kiosk is connected to, from the shared presence rows (a node names itself host:pid).</summary>
    private static async Task<List<ControllerProcess>> NodesServingKiosksAsync(string store, List<ControllerProcess> nodes)
    {
        var result = new List<ControllerProcess>();
        foreach (var node in nodes.Where(node => node.IsRunning))
        {
            if ((await KiosksOnAsync(store, node)).Count > 0)
            {
                result.Add(node);
            }
        }
        return result;
    }

    private static async Task<List<string>> KiosksOnAsync(string store, ControllerProcess node)
    {
        await using var db = new NpgsqlConnection(store);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT p.kiosk_id FROM kiosk_presence p JOIN cluster_nodes n ON n.node = p.node WHERE n.name = @name ORDER BY p.kiosk_id;", db);
        command.Parameters.AddWithValue("name", $"{Environment.MachineName}:{node.Pid}");
        var result = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result.Add(reader.GetString(reader.GetOrdinal("kiosk_id")));
        }
        return result;
    }

    private static async Task<long> ChangesAfterAsync(string store, long baseline)
    {
        await using var db = new NpgsqlConnection(store);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM changes WHERE seq > @b AND target_place_id = 'compound-a';", db);
        command.Parameters.AddWithValue("b", baseline);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
