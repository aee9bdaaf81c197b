using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SignageKiosk.Tests.Support;
using Xunit.Abstractions;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// The kiosk's link over each SignalR transport (docs/decisions/0017): a real controller, real kiosk processes,
/// a loopback proxy in between that shows what crossed the network.
/// </summary>
[RunsFor(22)]
public sealed class TransportTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("WebSockets")]
    [InlineData("ServerSentEvents")]
    [InlineData("LongPolling")]
    public async Task A_kiosk_syncs_over_the_transport_it_is_set_to_and_rotating_its_credential_is_never_taken_for_a_copy(string transport)
    {
        // No grace for a superseded credential: a single request still carrying the old one would flag a copy.
        await using var controller = ControllerHost.Start("transport-" + transport, settings: new() { ["Pairing:SupersededGracePeriod"] = "00:00:00" });
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await using var proxy = new TcpProxy(controller.Port);
        var first = await admin.PublishAsync("notices", TestWorld.Notice("n-before", "连接之前的通知", TestWorld.CompoundA));
        await using var kiosk = await KioskProcess.StartAsync("t-" + transport, proxy.Url, world.Credentials["kiosk-a"],
            new() { ["Kiosk:Sync:Transport"] = transport });

        var health = await kiosk.WaitForSeqAsync(first, "the kiosk to load over " + transport);
        Assert.Equal(transport, health["transport"]?.GetValue<string>());
        Assert.True(health["bytesReceived"]!.GetValue<long>() > 0);
        Assert.True(health["bytesSent"]!.GetValue<long>() > 0);

        // Live pushes arrive over it.
        var live = await admin.PublishAsync("notices", TestWorld.Notice("n-live", "实时推送的通知", TestWorld.CompoundA));
        await kiosk.WaitForSeqAsync(live, "a live push over " + transport);

        // The link drops: automatic reconnect, a new Hello (and a new credential), and what was missed arrives.
        proxy.ResetAll();
        var missed = await admin.PublishAsync("notices", TestWorld.Notice("n-missed", "断线期间的通知", TestWorld.CompoundA));
        await kiosk.WaitForSeqAsync(missed, "the kiosk to catch up after a reconnect over " + transport);
        // Heartbeat catch-ups (every 2 s here) keep sending requests with whatever credential is current now.
        await Task.Delay(TimeSpan.FromSeconds(5));
        var after = await admin.PublishAsync("notices", TestWorld.Notice("n-after", "轮换之后的通知", TestWorld.CompoundA));
        health = await kiosk.WaitForSeqAsync(after, "the kiosk to keep syncing after rotating its credential");

        Assert.True(health["connected"]!.GetValue<bool>(), kiosk.Output);
        Assert.NotEqual(world.Credentials["kiosk-a"], kiosk.DeviceCredential());
        var fleet = await admin.GetFromJsonAsync<JsonObject>("/api/fleet/" + world.KioskA);
        Assert.False(fleet!["credentialReused"]!.GetValue<bool>(), "the kiosk's own requests were taken for a copy's\n" + kiosk.Output);
        Assert.Contains("断线期间的通知", await kiosk.BoardAsync());
        switch (transport)
        {
            case "ServerSentEvents":
                Assert.True(proxy.EventStreams >= 2, "one event stream per connection");
                break;
            case "LongPolling":
                Assert.True(proxy.Polls >= 2);
                break;
            default:
                Assert.Equal(0, proxy.Polls + proxy.EventStreams);
                break;
        }
    }

    [Fact]
    public async Task Where_a_proxy_refuses_the_WebSocket_upgrade_a_negotiating_kiosk_falls_back_and_syncs()
    {
        await using var controller = ControllerHost.Start("transport-fallback");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await using var proxy = new TcpProxy(controller.Port) { RefuseWebSocketUpgrade = true };
        var seq = await admin.PublishAsync("notices", TestWorld.Notice("n-fallback", "代理拦截WebSocket也能收到", TestWorld.CompoundA));

        await using var kiosk = await KioskProcess.StartAsync("fallback", proxy.Url, world.Credentials["kiosk-a"],
            new() { ["Kiosk:Sync:Transport"] = "Negotiate" });

        var health = await kiosk.WaitForSeqAsync(seq, "the kiosk to sync without WebSockets");
        Assert.Contains("代理拦截WebSocket也能收到", await kiosk.BoardAsync());
        Assert.True(proxy.UpgradesRefused >= 1, "the kiosk tried WebSockets first");
        Assert.True(proxy.EventStreams + proxy.Polls >= 1, "the controller was reached by Server-Sent Events or long polling");
        Assert.Contains(health["transport"]!.GetValue<string>(), new[] { "ServerSentEvents", "LongPolling" });
        var live = await admin.PublishAsync("notices", TestWorld.Notice("n-fallback-live", "回退后的实时推送", TestWorld.CompoundA));
        await kiosk.WaitForSeqAsync(live, "a live push over the fallback transport");
    }

    [Fact]
    public async Task A_kiosk_set_to_WebSockets_only_does_not_get_through_a_proxy_that_refuses_the_upgrade()
    {
        await using var controller = ControllerHost.Start("transport-refused");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await using var proxy = new TcpProxy(controller.Port) { RefuseWebSocketUpgrade = true };
        await using var kiosk = await KioskProcess.StartAsync("refused", proxy.Url, world.Credentials["kiosk-a"]);

        await Eventually.Until(() => Task.FromResult(proxy.UpgradesRefused), n => n >= 2, "the kiosk to keep trying WebSockets");
        var health = await kiosk.HealthAsync();
        Assert.False(health["connected"]!.GetValue<bool>());
        Assert.Equal(0, proxy.EventStreams + proxy.Polls);
    }

    /// <summary>
    /// Catch-up cost per transport, for docs/benchmarks.md: three kiosks in sync, cut off, N changes published,
    /// then each let back in turn. N is SIGNAGE_CATCHUP_CHANGES (default 300, small enough for every run).
    /// </summary>
    [Fact]
    public async Task Catch_up_bytes_per_transport()
    {
        var changes = int.TryParse(Environment.GetEnvironmentVariable("SIGNAGE_CATCHUP_CHANGES"), out var n) ? n : 300;
        await using var controller = ControllerHost.Start("transport-bytes");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        string[] transports = ["WebSockets", "ServerSentEvents", "LongPolling"];
        string[] kioskIds = ["kiosk-a", "kiosk-b", "kiosk-a1"];
        var proxies = kioskIds.Select(_ => new TcpProxy(controller.Port)).ToArray();
        var kiosks = new KioskProcess[3];
        try
        {
            for (var i = 0; i < 3; i++)
            {
                // Heartbeats rarely: the figures are the catch-up's, not the idle chatter's.
                kiosks[i] = await KioskProcess.StartAsync("bytes-" + transports[i], proxies[i].Url, world.Credentials[kioskIds[i]],
                    new() { ["Kiosk:Sync:Transport"] = transports[i], ["Kiosk:HeartbeatInterval"] = "00:10:00" });
            }
            var head = await admin.HeadAsync();
            foreach (var kiosk in kiosks)
            {
                await kiosk.WaitForSeqAsync(head);
            }
            foreach (var proxy in proxies)
            {
                proxy.Cut();
            }
            const int Notices = 100;
            for (var i = 0; i < Math.Min(Notices, changes); i++)
            {
                await admin.PublishAsync("notices", TestWorld.Notice($"n-cu-{i}", $"补课通知 {i}", TestWorld.Community));
            }
            await Parallel.ForEachAsync(Enumerable.Range(Notices, Math.Max(0, changes - Notices)), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
            {
                using var put = await admin.PutAsJsonAsync($"/api/notices/n-cu-{i % Notices}", TestWorld.Notice($"n-cu-{i % Notices}", $"补课通知 {i}", TestWorld.Community), ct);
                put.EnsureSuccessStatusCode();
            });
            head = await admin.HeadAsync();
            var report = new List<string>();
            for (var i = 0; i < 3; i++)
            {
                var before = await kiosks[i].HealthAsync();
                var watch = Stopwatch.StartNew();
                proxies[i].Restore();
                var after = await kiosks[i].WaitForSeqAsync(head, "the kiosk to catch up over " + transports[i]);
                var took = watch.Elapsed;
                var received = after["bytesReceived"]!.GetValue<long>() - before["bytesReceived"]!.GetValue<long>();
                var sent = after["bytesSent"]!.GetValue<long>() - before["bytesSent"]!.GetValue<long>();
                Assert.Equal(transports[i], after["transport"]!.GetValue<string>());
                Assert.True(received > 0);
                report.Add(string.Create(CultureInfo.InvariantCulture,
                    $"| {transports[i]} | {changes:N0} | {took.TotalMilliseconds:F0} ms | {received:N0} | {sent:N0} | {received / (double)changes:F0} |"));
            }
            var table = string.Join(Environment.NewLine, ["| transport | changes | reconnect + catch-up | bytes received | bytes sent | received per change |", "| --- | --- | --- | --- | --- | --- |", .. report]);
            output.WriteLine(table);
            if (Environment.GetEnvironmentVariable("SIGNAGE_CATCHUP_REPORT") is { Length: > 0 } path)
            {
                await File.WriteAllTextAsync(path, table + Environment.NewLine);
            }
        }
        finally
        {
            foreach (var kiosk in kiosks.Where(k => k is not null))
            {
                await kiosk.DisposeAsync();
            }
            foreach (var proxy in proxies)
            {
                await proxy.DisposeAsync();
            }
        }
    }
}
