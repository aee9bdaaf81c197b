using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Controller.Sync;
using SignageKiosk.Shared.Fleet;
using SignageKiosk.Shared.Sync;
using SignageKiosk.Tests.Integration;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Cluster;

/// <summary>
/// What used to stay on the node a kiosk is connected to, now shared through the store (decision 0042): screenshots
/// asked for on one node of a kiosk connected to another, and a copy's connections cut on every node. Two real nodes on
/// one throwaway PostgreSQL; a real kiosk process, and bare hub connections standing for the copies of one installation.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CrossNodeFleetTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static Dictionary<string, string?> SharedStore(string connectionString, Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = nameof(StoreProvider.PostgreSql),
            ["Storage:ConnectionString"] = connectionString,
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }
        return settings;
    }

    [Fact]
    public async Task Staff_on_one_node_get_the_screenshot_of_a_kiosk_connected_to_another_and_every_node_serves_the_same_image()
    {
        var store = PostgresServer.Shared.CreateDatabase("shot-nodes");
        await using var first = ControllerHost.Start("shot-node-1", settings: SharedStore(store), store: StoreProvider.PostgreSql);
        await using var second = ControllerHost.Start("shot-node-2", settings: SharedStore(store), store: StoreProvider.PostgreSql);
        using var admin1 = await first.AdminAsync();
        using var admin2 = await second.SignInAsync("admin", ControllerHost.AdminPassword);
        var world = await TestWorld.CreateAsync(admin1);
        const string Path = "/api/fleet/kiosk-a/screenshot";
        using (var notYet = await admin1.PostAsync(Path, null))
        {
            Assert.Equal(HttpStatusCode.Conflict, notYet.StatusCode);
            Assert.Contains("not connected", await notYet.Content.ReadAsStringAsync());
        }

        // The kiosk knows only node 2; staff ask node 1.
        await using var kiosk = await KioskProcess.StartAsync("shot-nodes", second.Url, world.Credentials["kiosk-a"]);
        await kiosk.WaitForSeqAsync(await admin1.HeadAsync());
        Assert.Empty(first.Services.GetRequiredService<KioskSessions>().Matching(s => s.KioskId == world.KioskA));
        Assert.Single(second.Services.GetRequiredService<KioskSessions>().Matching(s => s.KioskId == world.KioskA));
        Assert.Equal(HttpStatusCode.NotFound, (await admin1.GetAsync(Path)).StatusCode);
        // Every node's fleet answers the same: node 1 shows the kiosk connected (to node 2), in the list and alone.
        Assert.True((await admin1.GetFromJsonAsync<JsonObject>("/api/fleet/kiosk-a"))!["connected"]!.GetValue<bool>());
        foreach (var staff in new[] { admin1, admin2 })
        {
            var listed = (await staff.GetFromJsonAsync<JsonObject>("/api/fleet?search=kiosk-a"))!["items"]!.AsArray().Single(k => k!["id"]!.GetValue<string>() == "kiosk-a")!;
            Assert.True(listed["connected"]!.GetValue<bool>());
        }

        var requestId = (await admin1.PostJsonAsync(Path, new { }))["requestId"]!.GetValue<string>();
        // Asked again on the other node while it is open: the same request (the capture message is sent again).
        Assert.Equal(requestId, (await admin2.PostJsonAsync(Path, new { }))["requestId"]!.GetValue<string>());

        // The kiosk uploads to node 2 the answer to the request made on node 1; node 1 serves it.
        using var shot = await Eventually.Until(() => admin1.GetAsync(Path),
            r => r.StatusCode == HttpStatusCode.OK && r.Headers.GetValues("X-Screenshot-Request-Id").Single() == requestId,
            "the kiosk's screenshot on node 1", Timeout, pollMilliseconds: 250);
        Assert.Equal("image/png", shot.Content.Headers.ContentType!.MediaType);
        Assert.Equal("no-store", shot.Headers.CacheControl!.ToString());
        var png = await shot.Content.ReadAsByteArrayAsync();
        Assert.True(png.Length > 1000, $"a real capture, not {png.Length} bytes");
        Assert.Equal<byte>([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
        Assert.Equal(1920, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));

        // Both nodes serve the same image. The repeated request may have brought a second capture of the same request a
        // moment later, so compare the two nodes' answers taken at the same instant.
        var (fromFirst, fromSecond) = await Eventually.Until(async () => (await ShotAsync(admin1, Path), await ShotAsync(admin2, Path)),
            pair => pair.Item1.TakenAt == pair.Item2.TakenAt, "both nodes to serve the latest screenshot", Timeout);
        Assert.Equal(requestId, fromSecond.RequestId);
        Assert.Equal(fromFirst.Png, fromSecond.Png);

        // Gone from node 2: node 1 says so.
        await kiosk.KillAsync();
        await Eventually.Until(async () => (await admin1.GetFromJsonAsync<JsonObject>("/api/fleet/kiosk-a"))!["connected"]!.GetValue<bool>(), c => !c,
            "node 1 to see the kiosk leave node 2");
        using var refused = await admin1.PostAsync(Path, null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
    }

    private static async Task<(string RequestId, string TakenAt, byte[] Png)> ShotAsync(HttpClient staff, string path)
    {
        using var response = await staff.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (response.Headers.GetValues("X-Screenshot-Request-Id").Single(), response.Headers.GetValues("X-Screenshot-Taken-At").Single(),
            await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_copy_connected_to_one_node_is_cut_when_its_twin_switches_credential_on_another_and_the_twin_keeps_its_connection()
    {
        var store = PostgresServer.Shared.CreateDatabase("clone-nodes");
        var settings = SharedStore(store, new() { ["Pairing:SupersededGracePeriod"] = "00:00:00" });
        await using var first = ControllerHost.Start("clone-node-1", settings: settings, store: StoreProvider.PostgreSql);
        await using var second = ControllerHost.Start("clone-node-2", settings: settings, store: StoreProvider.PostgreSql);
        using var admin1 = await first.AdminAsync();
        using var admin2 = await second.SignInAsync("admin", ControllerHost.AdminPassword);
        var world = await TestWorld.CreateAsync(admin1);
        var registered = world.Credentials["kiosk-a"];
        var hello = new HelloRequest { Cursor = 0, AcceptsNewCredential = true };

        // The kiosk, on node 2, is handed a new credential; a copy of its data folder, holding the credential it had, is
        // connected to node 1.
        await using var genuine = await KioskHubClient.OpenAsync(second.Url, registered);
        var next = (await genuine.Connection.InvokeAsync<HelloResponse>(SyncProtocol.Hello, hello)).NewCredential!;
        await using var copy = await KioskHubClient.ConnectAsync(first.Url, registered);
        var copyClosed = ClosedAsync(copy);

        // The kiosk confirms its new credential through node 2: node 1 cuts the copy, which holds a retired one.
        Assert.Equal(HttpStatusCode.OK, await ConfirmAsync(second, next));
        await WaitAsync(copyClosed, "node 1 to cut the copy's connection");
        Assert.Equal(HubConnectionState.Connected, genuine.Connection.State);
        // The copy comes back with what it holds: refused, and every node flags the kiosk.
        Assert.Equal(HttpStatusCode.Unauthorized, await ConfirmAsync(first, registered));
        foreach (var admin in new[] { admin1, admin2 })
        {
            Assert.True((await admin.GetFromJsonAsync<JsonObject>("/api/fleet/kiosk-a"))!["credentialReused"]!.GetValue<bool>());
        }

        // Its next credential is confirmed through node 1 (the load balancer chose it). Node 2 learns that the kiosk's
        // connection holds it now, and cuts a stale connection that holds the one before.
        await using var stale = await KioskHubClient.ConnectAsync(second.Url, next);
        var staleClosed = ClosedAsync(stale);
        var after = (await genuine.Connection.InvokeAsync<HelloResponse>(SyncProtocol.Hello, hello)).NewCredential!;
        Assert.Equal(HttpStatusCode.OK, await ConfirmAsync(first, after));
        await WaitAsync(staleClosed, "node 2 to cut the connection holding the retired credential");
        // Node 2 took the confirmation made on node 1 for the kiosk's own: its connection stays, and its next Hello is
        // accepted (a node that believed the connection still held the retired credential would refuse it).
        var again = await genuine.Connection.InvokeAsync<HelloResponse>(SyncProtocol.Hello, hello);
        Assert.False(string.IsNullOrEmpty(again.NewCredential));
        Assert.Equal(HubConnectionState.Connected, genuine.Connection.State);
    }

    private static async Task WaitAsync(Task closed, string what)
    {
        if (await Task.WhenAny(closed, Task.Delay(Timeout)) != closed)
        {
            Assert.Fail($"timed out waiting for {what}");
        }
    }

    private static Task ClosedAsync(KioskHubClient client)
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        return client.Connection.State == HubConnectionState.Disconnected ? Task.CompletedTask : closed.Task;
    }

    private static async Task<HttpStatusCode> ConfirmAsync(ControllerHost node, string credential)
    {
        using var client = node.Anonymous();
        client.DefaultRequestHeaders.Authorization = new("Bearer", credential);
        using var response = await client.PostAsync(FleetProtocol.CredentialConfirm, null);
        return response.StatusCode;
    }
}
