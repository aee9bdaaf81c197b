using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>The fleet list tells staff the truth about each screen (complaint 5: wrong online/offline status).</summary>
[RunsFor(25)]
public sealed class FleetTests
{
    private static readonly Dictionary<string, string> FastHeartbeat = new() { ["Kiosk:HeartbeatInterval"] = "00:00:01" };

    private static async Task<JsonObject> KioskAsync(HttpClient staff, string id) => (await staff.GetFromJsonAsync<JsonObject>("/api/fleet/" + id))!;

    private static async Task<string> StateAsync(HttpClient staff, string id) => (await KioskAsync(staff, id))["state"]!.GetValue<string>();

    [Fact]
    public async Task A_started_controller_first_counts_its_fleet_one_interval_later_not_while_its_kiosks_are_still_coming_back()
    {
        // A count at the start would find every kiosk of a restarted node still reconnecting (a dip to none online in the
        // history), and it scans the whole fleet in the seconds the node needs for the kiosks' handshakes.
        await using var controller = ControllerHost.Start("fleet-first-sample", settings: new() { ["Fleet:SampleInterval"] = "00:00:08" });
        using var admin = await controller.AdminAsync();
        var samples = controller.Services.GetRequiredService<SignageKiosk.Controller.Fleet.FleetSampleStore>();
        async Task<int> CountAsync() => (await samples.SamplesAsync(DateTimeOffset.UtcNow.AddHours(-1), CancellationToken.None)).Count;
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(0, await CountAsync());
        await Eventually.Until(CountAsync, n => n > 0, "the first count, one interval after the start", TimeSpan.FromSeconds(40));
    }

    [Fact]
    public async Task A_killed_kiosk_is_offline_after_its_missed_heartbeats_and_online_again_after_restart()
    {
        await using var controller = ControllerHost.Start("fleet", settings: new()
        {
            ["Fleet:MissedHeartbeats"] = "3",
            ["Fleet:SampleInterval"] = "00:00:01",
        });
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await using var kiosk = await KioskProcess.StartAsync("fleet-a", controller.Url, world.Credentials["kiosk-a"], FastHeartbeat);
        await kiosk.WaitForSeqAsync(await admin.HeadAsync());

        var fleet = await Eventually.Until(async () => (await admin.GetFromJsonAsync<JsonObject>("/api/fleet"))!["items"]!.AsArray(),
            f => f.Any(k => k!["id"]!.GetValue<string>() == "kiosk-a" && k["state"]!.GetValue<string>() == "online" && k["behind"]!.GetValue<long>() == 0),
            "kiosk-a online and up to date");
        Assert.Equal(3, fleet!.Count);
        var a = fleet.Single(k => k!["id"]!.GetValue<string>() == "kiosk-a")!;
        Assert.Equal("驿站大厅屏", a["name"]!.GetValue<string>());
        Assert.Equal("station-a", a["stationId"]!.GetValue<string>());
        Assert.Equal("丹桂苑红色驿站", a["stationName"]!.GetValue<string>());
        Assert.True(a["connected"]!.GetValue<bool>());
        // The kiosk's cursor is global, so it may be past the newest change meant for it, never short of it.
        Assert.True(a["ackedSeq"]!.GetValue<long>() >= a["latestSeq"]!.GetValue<long>());
        Assert.False(string.IsNullOrEmpty(a["softwareVersion"]!.GetValue<string>()));
        Assert.False(a["credentialReused"]!.GetValue<bool>());
        Assert.NotNull(a["lastSeen"]);
        // Registered but never connected.
        Assert.Equal("neverSeen", await StateAsync(admin, "kiosk-b"));
        Assert.Null((await KioskAsync(admin, "kiosk-b"))["lastSeen"]);

        var killedAt = Stopwatch.StartNew();
        await kiosk.KillAsync();
        var seq = await admin.PublishAsync("notices", TestWorld.Notice("n-while-off", "断电期间的通知", TestWorld.CompoundA));
        var offline = await Eventually.Until(() => KioskAsync(admin, "kiosk-a"), k => k["state"]!.GetValue<string>() == "offline", "kiosk-a to turn offline");
        // Not at the disconnect: only after three one-second heartbeats went missing.
        Assert.True(killedAt.Elapsed >= TimeSpan.FromSeconds(1.5), $"offline after {killedAt.Elapsed}, before three heartbeats were missed");
        Assert.False(offline["connected"]!.GetValue<bool>());
        Assert.True(offline["latestSeq"]!.GetValue<long>() >= seq);
        Assert.True(offline["behind"]!.GetValue<long>() >= 1);

        await kiosk.StartAsync();
        await kiosk.WaitForSeqAsync(seq);
        await Eventually.Until(() => KioskAsync(admin, "kiosk-a"), k => k["state"]!.GetValue<string>() == "online" && k["behind"]!.GetValue<long>() == 0,
            "kiosk-a online and caught up after the restart");

        // Filters, and staff scoped like the content lists.
        var neverSeen = (await admin.GetFromJsonAsync<JsonObject>("/api/fleet?state=neverSeen"))!["items"]!.AsArray().Select(k => k!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(["kiosk-a1", "kiosk-b"], neverSeen);
        var inB = (await admin.GetFromJsonAsync<JsonObject>("/api/fleet?compound=" + TestWorld.CompoundB))!["items"]!.AsArray().Select(k => k!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(["kiosk-b"], inB);
        Assert.Equal(3, (await admin.GetFromJsonAsync<JsonObject>("/api/fleet?community=" + TestWorld.Community))!["items"]!.AsArray().Count);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/fleet?state=sleeping")).StatusCode);
        await admin.PostJsonAsync("/api/users", new { username = "manager-b", password = "manager-pw-1", role = "propertyManager", scopePlaceId = TestWorld.CompoundB, mustChangePassword = false });
        using var manager = await controller.SignInAsync("manager-b", "manager-pw-1");
        Assert.Equal(["kiosk-b"], (await manager.GetFromJsonAsync<JsonObject>("/api/fleet"))!["items"]!.AsArray().Select(k => k!["id"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync("/api/fleet/kiosk-a")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await controller.Anonymous().GetAsync("/api/fleet")).StatusCode);

        // The history the controller samples (every second here, every minute by default), in five-minute buckets.
        var history = await Eventually.Until(() => admin.GetFromJsonAsync<JsonObject>("/api/fleet/history?hours=1")!,
            h => h!["buckets"]!.AsArray().Any(b => b!["online"] is JsonValue v && v.GetValue<int>() >= 1), "a sample with kiosk-a online");
        Assert.Equal(5, history!["bucketMinutes"]!.GetValue<int>());
        Assert.InRange(history["buckets"]!.AsArray().Count, 12, 13);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/fleet/history?hours=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/fleet/history?hours=169")).StatusCode);
    }

    [Fact]
    public async Task A_screen_switched_off_on_purpose_is_not_offline_while_the_kiosk_keeps_reporting()
    {
        await using var controller = ControllerHost.Start("screen-off");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await using var kiosk = await KioskProcess.StartAsync("screen-off", controller.Url, world.Credentials["kiosk-a"], FastHeartbeat);
        await kiosk.WaitForSeqAsync(await admin.HeadAsync());

        using (var local = new HttpClient())
        {
            using var response = await local.PutAsJsonAsync(kiosk.Url + "/screen", new { off = true });
            response.EnsureSuccessStatusCode();
            Assert.Equal(HttpStatusCode.BadRequest, (await local.PutAsJsonAsync(kiosk.Url + "/screen", new { })).StatusCode);
        }
        await Eventually.Until(() => StateAsync(admin, "kiosk-a"), s => s == "screenOffBySchedule", "the fleet to show the screen off by schedule");
        // Well past three heartbeats: the host keeps talking, so it is still "screen off", never "offline".
        for (var i = 0; i < 10; i++)
        {
            await Task.Delay(500);
            Assert.Equal("screenOffBySchedule", await StateAsync(admin, "kiosk-a"));
        }

        // A kiosk that stops talking is offline, whatever it said last.
        await kiosk.KillAsync();
        await Eventually.Until(() => StateAsync(admin, "kiosk-a"), s => s == "offline", "the silent kiosk to turn offline");
        await kiosk.StartAsync();
        await Eventually.Until(() => StateAsync(admin, "kiosk-a"), s => s == "online", "the restarted kiosk (screen on) to be online");
    }

    [Fact]
    public async Task Staff_get_a_screenshot_of_what_a_kiosk_shows()
    {
        await using var controller = ControllerHost.Start("screenshot", demo: true);
        using var admin = await controller.AdminAsync();
        await using var kiosk = await KioskProcess.StartAsync("screenshot", controller.Url, controller.DemoKioskCredential("kiosk-lobby"));
        await kiosk.WaitForSeqAsync(await admin.HeadAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/fleet/kiosk-lobby/screenshot")).StatusCode);

        var requested = await admin.PostJsonAsync("/api/fleet/kiosk-lobby/screenshot", new { });
        var requestId = requested["requestId"]!.GetValue<string>();
        // Repeated clicks while one is open cost one capture.
        Assert.Equal(requestId, (await admin.PostJsonAsync("/api/fleet/kiosk-lobby/screenshot", new { }))["requestId"]!.GetValue<string>());

        // Uploads are checked: the kiosk's own credential, a PNG, at most 5 MB.
        using (var asKiosk = controller.Anonymous())
        {
            asKiosk.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", kiosk.DeviceCredential());
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await asKiosk.PutAsync($"/api/fleet/kiosk-lobby/screenshot?requestId={requestId}", Png("GIF89a not a png"u8.ToArray()))).StatusCode);
            // Chunked, so the store itself counts the bytes (a declared Content-Length is refused before reading).
            using var tooLarge = new HttpRequestMessage(HttpMethod.Put, $"/api/fleet/kiosk-lobby/screenshot?requestId={requestId}") { Content = Png([.. PngHeader(), .. new byte[5 * 1024 * 1024]]) };
            tooLarge.Headers.TransferEncodingChunked = true;
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await asKiosk.SendAsync(tooLarge)).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await asKiosk.PutAsync("/api/fleet/kiosk-lobby/screenshot?requestId=nope", Png(PngHeader()))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await asKiosk.PutAsync($"/api/fleet/someone-else/screenshot?requestId={requestId}", Png(PngHeader()))).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PutAsync($"/api/fleet/kiosk-lobby/screenshot?requestId={requestId}", Png(PngHeader()))).StatusCode);

        var shot = await Eventually.Until(() => admin.GetAsync("/api/fleet/kiosk-lobby/screenshot"),
            r => r.StatusCode == HttpStatusCode.OK && r.Headers.GetValues("X-Screenshot-Request-Id").Single() == requestId,
            "the kiosk's screenshot", TimeSpan.FromSeconds(60), pollMilliseconds: 250);
        Assert.Equal("image/png", shot.Content.Headers.ContentType!.MediaType);
        var png = await shot.Content.ReadAsByteArrayAsync();
        Assert.True(png.Length > 1000, $"a real capture, not {png.Length} bytes");
        Assert.Equal(PngHeader(), png[..8]);
        // 1920×1080: the landscape layout's size, from the PNG's header.
        Assert.Equal(1920, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
        Assert.Equal(1080, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
        await File.WriteAllBytesAsync(Path.Combine(Directory.CreateDirectory(Path.Combine(Repo.Root, "artifacts", "screenshots")).FullName, "fleet-screenshot.png"), png);

        await kiosk.KillAsync();
        await Eventually.Until(async () => (await KioskAsync(admin, "kiosk-lobby"))["connected"]!.GetValue<bool>(), c => !c, "the kiosk to be disconnected");
        using var refused = await admin.PostAsync("/api/fleet/kiosk-lobby/screenshot", null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("not connected", await refused.Content.ReadAsStringAsync());
    }

    private static byte[] PngHeader() => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ByteArrayContent Png(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        return content;
    }
}
