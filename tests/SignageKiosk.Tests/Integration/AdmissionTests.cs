using System.Net;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using SignageKiosk.Kiosk.Sync;
using SignageKiosk.Simulator.Kiosks;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// Kiosk admission (docs/decisions/0039): a controller admits kiosk handshakes only as fast as it serves them, refuses
/// the rest at the door with 503 and a Retry-After, keeps answering health and staff meanwhile, and the kiosks (the real
/// one and the simulated ones) wait the hinted time before they knock again, then all get in and miss nothing.
/// </summary>
public sealed class AdmissionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static Dictionary<string, string?> Door(int places, int maxRetryAfterSeconds = 3) => new()
    {
        ["Admission:MaxConcurrentHandshakes"] = places.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Admission:MaxRetryAfterSeconds"] = maxRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        // A short wait at the door, so refusals come quickly in a test.
        ["Admission:QueueTimeout"] = "00:00:00.200",
        // Long enough that only an Ack (or a disconnect) frees a held place within a test.
        ["Admission:HandshakeTimeout"] = "00:05:00",
    };

    [Fact]
    public async Task A_full_door_refuses_a_kiosk_with_503_and_Retry_After_while_health_and_staff_answer_and_opens_after_the_first_Ack()
    {
        await using var controller = ControllerHost.Start("admission-door", settings: Door(1));
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        var published = await admin.PublishAsync("notices", TestWorld.Notice("n-door", "门禁测试通知", TestWorld.Community));

        // The only place is taken by a kiosk that has connected but not yet said Hello and acked.
        await using var holder = await RawHubClient.ConnectAsync(controller.Url, world.Credentials["kiosk-a"]);

        using (var refused = new ClientWebSocket())
        {
            refused.Options.SetRequestHeader("Authorization", "Bearer " + world.Credentials["kiosk-b"]);
            refused.Options.CollectHttpResponseDetails = true;
            await Assert.ThrowsAsync<WebSocketException>(() => refused.ConnectAsync(HubUri(controller), CancellationToken.None));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.HttpStatusCode);
            var retryAfter = Assert.Single(refused.HttpResponseHeaders!.First(h => h.Key.Equals("Retry-After", StringComparison.OrdinalIgnoreCase)).Value);
            Assert.InRange(int.Parse(retryAfter, System.Globalization.CultureInfo.InvariantCulture), 1, 3);
        }
        // The kiosk's own connector turns that refusal into the hint its connect loops honour.
        using (var kiosk = new ClientWebSocket())
        {
            kiosk.Options.SetRequestHeader("Authorization", "Bearer " + world.Credentials["kiosk-b"]);
            var busy = await Assert.ThrowsAsync<ControllerBusyException>(() => ControllerBusyException.ConnectAsync(kiosk, HubUri(controller), CancellationToken.None));
            Assert.InRange(busy.RetryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));
        }

        // Health and staff never wait behind kiosks.
        using var anonymous = controller.Anonymous();
        var health = JsonNode.Parse(await anonymous.GetStringAsync("/healthz"))!;
        Assert.Equal(published, health["seq"]!.GetValue<long>());
        Assert.Equal(published, await admin.HeadAsync());

        // Hello, catch-up and the first Ack: the holder is in sync, and its place goes to the next kiosk.
        Assert.Null((await holder.HelloAsync())["error"]);
        var batch = await holder.InvokeAsync("CatchUp", 0, 500);
        Assert.Null(batch["error"]);
        Assert.Null((await holder.InvokeAsync("Ack", published))["error"]);
        await using var next = await RawHubClient.ConnectAsync(controller.Url, world.Credentials["kiosk-b"]);
        Assert.Null((await next.HelloAsync())["error"]);
    }

    [Fact]
    public async Task Simulated_kiosks_at_a_one_place_door_are_refused_wait_their_hint_then_all_get_in_rotate_and_miss_nothing()
    {
        var door = new HubDoorRecorder();
        await using var controller = ControllerHost.Start("admission-fleet", settings: Door(1), services: s => s.AddSingleton<IStartupFilter>(door));
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        var credentials = new List<(string Id, string Credential)>();
        for (var i = 0; i < 12; i++)
        {
            var id = $"kiosk-door-{i}";
            credentials.Add((id, (await admin.PostJsonAsync("/api/kiosks", new { id, name = $"门口屏{i}", stationId = "station-a" }))["credential"]!.GetValue<string>()));
        }
        var before = await admin.PublishAsync("notices", TestWorld.Notice("n-before", "接入前的通知", TestWorld.Community));

        // The door is held, so every kiosk is refused at least once, whatever the machine's speed.
        var holder = await RawHubClient.ConnectAsync(controller.Url, world.Credentials["kiosk-b"]);
        await using var fleet = new SimulatedFleet(controller.Url, new KioskBehaviour
        {
            HeartbeatInterval = TimeSpan.FromHours(1),
            // A backoff far below the hints: a kiosk that ignored a hint would knock again within 200 ms.
            ReconnectInitialDelay = TimeSpan.FromMilliseconds(100),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
            RotateCredentials = true,
        });
        var kiosks = credentials.Select(k => fleet.Add(k.Id, k.Credential)).ToList();
        var started = fleet.StartAsync(kiosks, kiosks.Count, Timeout, CancellationToken.None);
        await fleet.WaitUntilAsync(_ => door.Attempts.Count(a => a.Status == 503) >= kiosks.Count, Timeout, "every kiosk to be refused once", CancellationToken.None);
        await holder.DisposeAsync();
        await started;

        var during = await admin.PublishAsync("notices", TestWorld.Notice("n-after", "接入后的通知", TestWorld.Community));
        await fleet.WaitForAcksAsync(kiosks, during, Timeout, CancellationToken.None);
        Assert.All(kiosks, k =>
        {
            Assert.True(k.Cache.Holds("notices", "n-before"), k.KioskId);
            Assert.True(k.Cache.Holds("notices", "n-after"), k.KioskId);
            Assert.Equal(during, k.Cache.Cursor);
            Assert.True(k.Counters.Rotations >= 1, k.KioskId);
        });
        Assert.True(before < during);
        var totals = fleet.Totals();
        Assert.True(totals.ConnectFailures >= kiosks.Count, totals.ToString());
        Assert.Contains(totals.Problems.Keys, p => p.Contains(nameof(ControllerBusyException), StringComparison.Ordinal));

        // Every refused kiosk came back no sooner than it was told to.
        var waits = door.WaitsAfterRefusals();
        Assert.NotEmpty(waits);
        Assert.All(waits, w => Assert.True(w.Waited >= w.Hint, $"came back after {w.Waited.TotalMilliseconds:F0} ms, hinted {w.Hint.TotalSeconds:F0} s"));
    }

    [Fact]
    public async Task A_real_kiosk_refused_at_the_door_waits_the_hinted_time_before_each_retry_then_syncs()
    {
        var door = new HubDoorRecorder();
        await using var controller = ControllerHost.Start("admission-kiosk", settings: Door(1), services: s => s.AddSingleton<IStartupFilter>(door));
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        var published = await admin.PublishAsync("notices", TestWorld.Notice("n-kiosk", "真实屏幕的通知", TestWorld.Community));
        var holder = await RawHubClient.ConnectAsync(controller.Url, world.Credentials["kiosk-b"]);

        // Its own backoff (100–300 ms) is far below any hint (at least 1 s): only honouring the hint spaces its knocks out.
        await using var kiosk = await KioskProcess.StartAsync("admission-kiosk-a", controller.Url, world.Credentials["kiosk-a"], new Dictionary<string, string>
        {
            ["Kiosk:ReconnectInitialDelay"] = "00:00:00.100",
            ["Kiosk:ReconnectMaxDelay"] = "00:00:00.300",
        });
        var kioskA = "Bearer " + world.Credentials["kiosk-a"];
        await Eventually.Until(() => Task.FromResult(door.Attempts.Count(a => a.Credential == kioskA && a.Status == 503)), n => n >= 3,
            "the kiosk to be refused three times\n" + kiosk.Output, Timeout);
        await holder.DisposeAsync();
        await kiosk.WaitForSeqAsync(published);

        var waits = door.WaitsAfterRefusals();
        Assert.True(waits.Count >= 2, $"{waits.Count} retries after a refusal");
        Assert.All(waits, w => Assert.True(w.Waited >= w.Hint, $"came back after {w.Waited.TotalMilliseconds:F0} ms, hinted {w.Hint.TotalSeconds:F0} s"));
    }

    private static Uri HubUri(ControllerHost controller) => new(controller.Url.Replace("http://", "ws://", StringComparison.Ordinal) + "/hubs/kiosk");
}
