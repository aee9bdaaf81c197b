using Microsoft.AspNetCore.SignalR.Client;
using SignageKiosk.Shared.Sync;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// The live fan-out over real SignalR connections (docs/decisions/0038): kiosks that share places share pushed frames,
/// yet every kiosk still gets every change that targets it exactly once, in order, chained by its own Prev.
/// </summary>
public sealed class FanOutTests
{
    private const int PerPlace = 8;

    [Fact]
    public async Task Kiosks_sharing_places_get_every_push_once_in_order_with_their_own_Prev_chain_including_late_joiners()
    {
        await using var controller = ControllerHost.Start("fanout");
        using var admin = await controller.AdminAsync();
        await TestWorld.CreateAsync(admin);
        // Compound kiosks and building-a1 lobby kiosks: a change to a1 reaches only the lobby ones, so the two groups'
        // Prevs differ on the next compound-wide change; compound B's changes reach none of them (sparse sequences).
        var credentials = new Dictionary<string, string>();
        for (var i = 0; i < PerPlace + 2; i++)
        {
            credentials[$"fan-c{i}"] = (await admin.PostJsonAsync("/api/kiosks", new { id = $"fan-c{i}", name = $"驿站屏{i}", stationId = "station-a" }))["credential"]!.GetValue<string>();
            credentials[$"fan-l{i}"] = (await admin.PostJsonAsync("/api/kiosks", new { id = $"fan-l{i}", name = $"大堂屏{i}", stationId = "station-a", placeId = TestWorld.BuildingA1 }))["credential"]!.GetValue<string>();
        }
        var listeners = new List<Listener>();
        try
        {
            foreach (var (id, credential) in credentials.Where(c => !c.Key.EndsWith($"{PerPlace}", StringComparison.Ordinal) && !c.Key.EndsWith($"{PerPlace + 1}", StringComparison.Ordinal)))
            {
                listeners.Add(await Listener.ConnectAsync(controller.Url, id, id.StartsWith("fan-l", StringComparison.Ordinal), credential));
            }
            string[] targets = [TestWorld.Community, TestWorld.CompoundA, TestWorld.BuildingA1, TestWorld.CompoundB, TestWorld.BuildingA1];
            var published = new List<(long Seq, string Id, string Place)>();
            async Task PublishBurstsAsync(int from, int to)
            {
                // Bursts of concurrent publishes: a kiosk may then find several changes waiting and get them in one frame.
                for (var burst = from; burst < to; burst += 4)
                {
                    var tasks = Enumerable.Range(burst, Math.Min(4, to - burst)).Select(async i =>
                    {
                        var place = targets[i % targets.Length];
                        var id = $"fan-n{i}";
                        return (Seq: await admin.PublishAsync("notices", TestWorld.Notice(id, $"通知{i}", place)), Id: id, Place: place);
                    }).ToList();
                    published.AddRange(await Task.WhenAll(tasks));
                }
            }
            await PublishBurstsAsync(0, 24);
            // Late joiners start mid-stream, from the head the controller gives them.
            foreach (var id in new[] { $"fan-c{PerPlace}", $"fan-l{PerPlace}", $"fan-c{PerPlace + 1}", $"fan-l{PerPlace + 1}" })
            {
                listeners.Add(await Listener.ConnectAsync(controller.Url, id, id.StartsWith("fan-l", StringComparison.Ordinal), credentials[id]));
            }
            await PublishBurstsAsync(24, 48);

            foreach (var listener in listeners)
            {
                var expected = published
                    .Where(p => p.Seq > listener.Head && p.Place != TestWorld.CompoundB && (listener.InLobby || p.Place != TestWorld.BuildingA1))
                    .OrderBy(p => p.Seq)
                    .Select(p => (p.Seq, p.Id))
                    .ToList();
                Assert.NotEmpty(expected);
                var received = await Eventually.Until(() => Task.FromResult(listener.Received()), r => r.Count > 0 && r[^1].Seq >= expected[^1].Seq,
                    $"{listener.KioskId} to be pushed {expected[^1].Id}");
                // Every notice targeting it since its hello, once each and in order, and nothing else of the notices.
                Assert.Equal(expected, received.Where(c => c.Kind == "notices").Select(c => (c.Seq, c.Id)).ToList());
                // Its own chain: the first push follows the head of its hello, each next one the push before it.
                Assert.Equal(listener.Head, received[0].Prev);
                for (var i = 1; i < received.Count; i++)
                {
                    Assert.Equal(received[i - 1].Seq, received[i].Prev);
                }
            }
            // Lobby and compound kiosks were pushed different Prevs for one change (one right after an a1-only change):
            // the shared frames must have kept them apart, as the chains above show.
            var reachingAll = published.Where(p => p.Place != TestWorld.CompoundB).OrderBy(p => p.Seq).ToList();
            var afterLobbyOnly = reachingAll.Zip(reachingAll.Skip(1))
                .Last(pair => pair.First.Place == TestWorld.BuildingA1 && pair.Second.Place != TestWorld.BuildingA1 && pair.Second.Seq > listeners.Max(l => l.Head))
                .Second.Seq;
            Assert.Equal(2, listeners.Select(l => l.Received().Single(c => c.Seq == afterLobbyOnly).Prev).Distinct().Count());
        }
        finally
        {
            foreach (var listener in listeners)
            {
                await listener.DisposeAsync();
            }
        }
    }

    /// <summary>A kiosk connection that records every pushed change, in the order the frames arrived.</summary>
    private sealed class Listener : IAsyncDisposable
    {
        private readonly List<SyncChange> _received = [];
        private KioskHubClient? _client;

        private Listener(string kioskId, bool inLobby) => (KioskId, InLobby) = (kioskId, inLobby);

        public string KioskId { get; }
        public bool InLobby { get; }
        public long Head { get; private set; }

        public static async Task<Listener> ConnectAsync(string url, string kioskId, bool inLobby, string credential)
        {
            var listener = new Listener(kioskId, inLobby);
            listener._client = await KioskHubClient.OpenAsync(url, credential);
            listener._client.Connection.On<ChangeBatch>(SyncProtocol.Changes, batch =>
            {
                lock (listener._received)
                {
                    listener._received.AddRange(batch.Changes);
                }
            });
            var hello = await listener._client.Connection.InvokeAsync<HelloResponse>(SyncProtocol.Hello, new HelloRequest { Cursor = 0 });
            listener.Head = hello.Head;
            return listener;
        }

        public List<SyncChange> Received()
        {
            lock (_received)
            {
                return [.. _received];
            }
        }

        public ValueTask DisposeAsync() => _client?.DisposeAsync() ?? ValueTask.CompletedTask;
    }
}
