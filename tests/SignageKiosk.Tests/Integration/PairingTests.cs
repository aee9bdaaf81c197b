using Microsoft.AspNetCore.SignalR;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Client;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>A kiosk started with no credential pairs itself by a code staff type in (complaint 9: pairing pain).</summary>
[RunsFor(20)]
public sealed partial class PairingTests
{
    [GeneratedRegex("data-pairing-code=\"([A-Z0-9]{6})\"")]
    private static partial Regex CodeOnBoard();

    public static async Task<string> CodeShownByAsync(KioskProcess kiosk) =>
        CodeOnBoard().Match(await kiosk.WaitForBoardAsync(b => CodeOnBoard().IsMatch(b), "the pairing code on the board")).Groups[1].Value;

    [Fact]
    public async Task A_kiosk_without_a_credential_shows_a_code_and_syncs_once_an_administrator_claims_it()
    {
        await using var controller = ControllerHost.Start("pairing", demo: true);
        using var admin = await controller.AdminAsync();
        await using var kiosk = await KioskProcess.StartAsync("unpaired", controller.Url, null);

        var code = await CodeShownByAsync(kiosk);
        var board = await kiosk.BoardAsync();
        Assert.Contains("请在管理后台输入配对码", board);
        Assert.Contains(code[..3] + " " + code[3..], board);
        using (var http = new HttpClient())
        {
            // The full page at / shows the same screen (and carries the board's script, so it updates by itself).
            var page = await http.GetStringAsync(kiosk.Url + "/");
            Assert.Contains("data-pairing-code=\"" + code + "\"", page);
            Assert.Contains("/assets/board.js", page);
        }
        var health = await kiosk.HealthAsync();
        Assert.Equal("unpaired", health["state"]!.GetValue<string>());
        Assert.Equal("ShowingCode", health["pairing"]!.GetValue<string>());

        // Staff see that a kiosk is waiting, but not its code: pairing needs the screen in front of you.
        var waiting = await admin.GetFromJsonAsync<JsonArray>("/api/pairing/requests");
        var entry = Assert.Single(waiting!);
        Assert.Equal(code[..2] + "****", entry!["codeHint"]!.GetValue<string>());
        Assert.DoesNotContain(code, waiting!.ToJsonString());

        var claimed = await admin.PostJsonAsync("/api/pairing/claim", new { code = code.ToLowerInvariant()[..3] + " " + code[3..], kioskId = "kiosk-entrance", name = "入口屏", stationId = "station-dangui" });
        Assert.Equal("kiosk-entrance", claimed["kioskId"]!.GetValue<string>());
        Assert.False(claimed["replaced"]!.GetValue<bool>());

        await kiosk.WaitForSeqAsync(await admin.HeadAsync());
        board = await kiosk.WaitForBoardAsync(b => b.Contains("丹桂苑红色驿站") && !b.Contains("data-pairing-code"), "the demo board after pairing");
        health = await kiosk.HealthAsync();
        Assert.True(health["connected"]!.GetValue<bool>());
        Assert.Equal("kiosk-entrance", health["kioskId"]!.GetValue<string>());

        // The credential lives in the data folder, readable by the owner only.
        var stored = Path.Combine(kiosk.DataDirectory, "identity", "credential.json");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(stored));
        }
        Assert.StartsWith("skk_", kiosk.DeviceCredential());

        // A power cut and a restart: still paired, straight back to syncing.
        await kiosk.RestartAsync();
        var seq = await admin.PublishAsync("notices", new { id = "n-paired", title = "配对后的通知", target = new { placeId = "compound-dangui" } });
        await kiosk.WaitForSeqAsync(seq);
        Assert.DoesNotContain("data-pairing-code", await kiosk.BoardAsync());

        var fleet = await admin.GetFromJsonAsync<JsonObject>("/api/fleet/kiosk-entrance");
        Assert.Matches("^[0-9a-f]{32}$", fleet!["installationId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Wrong_expired_and_used_codes_are_refused_clearly()
    {
        await using var controller = ControllerHost.Start("pairing-codes", settings: new()
        {
            ["Pairing:CodeLifetime"] = "00:00:02",
            ["Pairing:RequestsPerMinute"] = "4",
        });
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        using var anonymous = controller.Anonymous();

        var ticket = await anonymous.PostJsonAsync("/api/pairing/requests", new { installationId = "test-installation-1", softwareVersion = "test" });
        var code = ticket["code"]!.GetValue<string>();
        var pollToken = ticket["pollToken"]!.GetValue<string>();
        Assert.Equal("waiting", (await anonymous.PostJsonAsync("/api/pairing/poll", new { pollToken }))["status"]!.GetValue<string>());

        async Task<(HttpStatusCode Status, string Error)> ClaimAsync(string tryCode, string station = "station-a")
        {
            using var response = await admin.PostAsJsonAsync("/api/pairing/claim", new { code = tryCode, kioskId = "kiosk-paired", name = "新屏", stationId = station });
            var body = await response.Content.ReadFromJsonAsync<JsonObject>();
            return (response.StatusCode, body?["detail"]?.GetValue<string>() ?? "");
        }

        var wrong = code == "ABCDEF" ? "ABCDEG" : "ABCDEF";
        var (status, error) = await ClaimAsync(wrong);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("no kiosk is showing this pairing code", error);
        (status, error) = await ClaimAsync("12345");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("6 characters", error);

        // A bad station refuses the claim and leaves the code usable.
        (status, error) = await ClaimAsync(code, station: "nowhere");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("station 'nowhere' does not exist", error);
        Assert.Equal(HttpStatusCode.Created, (await ClaimAsync(code)).Status);
        (status, error) = await ClaimAsync(code);
        Assert.Equal(HttpStatusCode.Gone, status);
        Assert.Contains("already used", error);

        // The credential is handed out once, and it works.
        var paired = await anonymous.PostJsonAsync("/api/pairing/poll", new { pollToken });
        Assert.Equal("paired", paired["status"]!.GetValue<string>());
        Assert.Equal("kiosk-paired", paired["kioskId"]!.GetValue<string>());
        using (var again = await anonymous.PostAsJsonAsync("/api/pairing/poll", new { pollToken }))
        {
            Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        }
        using (var asKiosk = controller.Anonymous())
        {
            asKiosk.DefaultRequestHeaders.Authorization = new("Bearer", paired["credential"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.OK, (await asKiosk.PostAsync("/api/pairing/confirm", null)).StatusCode);
        }

        // An expired code can be neither claimed nor polled.
        var late = await anonymous.PostJsonAsync("/api/pairing/requests", new { installationId = "test-installation-2" });
        await Task.Delay(2500);
        (status, error) = await ClaimAsync(late["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Gone, status);
        Assert.Contains("expired", error);
        using (var expired = await anonymous.PostAsJsonAsync("/api/pairing/poll", new { pollToken = late["pollToken"]!.GetValue<string>() }))
        {
            Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        }
        using (var unknown = await anonymous.PostAsJsonAsync("/api/pairing/poll", new { pollToken = "skp_" + new string('0', 64) }))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }
        using (var bad = await anonymous.PostAsJsonAsync("/api/pairing/requests", new { installationId = "../x" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }

        // Requests are anonymous, so they are limited per address.
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 5 && limited is null; i++)
        {
            var response = await anonymous.PostAsJsonAsync("/api/pairing/requests", new { installationId = "test-installation-3" });
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
        }
        Assert.NotNull(limited);
        Assert.NotNull(limited.Headers.RetryAfter);
        Assert.Contains("too many pairing codes", await limited.Content.ReadAsStringAsync());

        // Claiming is for administrators only.
        await admin.PostJsonAsync("/api/users", new { username = "community-staff", password = "community-pw-1", role = "communityStaff", scopePlaceId = TestWorld.Community, mustChangePassword = false });
        using var staff = await controller.SignInAsync("community-staff", "community-pw-1");
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PostAsJsonAsync("/api/pairing/claim", new { code })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/pairing/claim", new { code })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync("/api/pairing/requests")).StatusCode);
        _ = world;
    }

    [Fact]
    public async Task A_cloned_data_folder_cannot_impersonate_its_kiosk_and_the_reuse_is_flagged()
    {
        await using var controller = ControllerHost.Start("clone", settings: new() { ["Pairing:SupersededGracePeriod"] = "00:00:01" });
        using var admin = await controller.AdminAsync();
        await TestWorld.CreateAsync(admin);
        await using var original = await KioskProcess.StartAsync("original", controller.Url, null);
        await admin.PostJsonAsync("/api/pairing/claim", new { code = await CodeShownByAsync(original), kioskId = "kiosk-twin", name = "双胞胎屏", stationId = "station-a" });
        await original.WaitForSeqAsync(await admin.HeadAsync());
        await original.KillAsync();

        await using var copy = new KioskProcess("copy", controller.Url, null);
        copy.CopyDataFrom(original);
        await Task.WhenAll(original.StartAsync(), copy.StartAsync());

        var flagged = await Eventually.Until(() => admin.GetFromJsonAsync<JsonObject>("/api/fleet/kiosk-twin")!,
            k => k!["credentialReused"]!.GetValue<bool>(), "the fleet to flag the reused credential");
        Assert.True(flagged!["credentialReuseCount"]!.GetValue<int>() >= 1);
        Assert.NotNull(flagged["credentialReusedAt"]);

        // Exactly one of the two keeps syncing; the other is refused and keeps showing its cache.
        var seq = await admin.PublishAsync("notices", TestWorld.Notice("n-twin", "只有一个能收到", TestWorld.CompoundA));
        var winner = await Eventually.Until(async () =>
        {
            var seqs = await Task.WhenAll(original.HealthAsync(), copy.HealthAsync());
            return seqs.Select(h => h["seq"]!.GetValue<long>()).ToArray();
        }, s => s.Any(x => x >= seq), "one of the two to receive the notice");
        var (live, refused) = winner[0] >= seq ? (original, copy) : (copy, original);
        await Task.Delay(3000);
        var refusedHealth = await refused.HealthAsync();
        Assert.True(refusedHealth["seq"]!.GetValue<long>() < seq, "the copy must not receive new content\n" + refused.Output);
        Assert.False(refusedHealth["connected"]!.GetValue<bool>(), "the copy must be cut off\n" + refused.Output);
        Assert.True((await live.HealthAsync())["connected"]!.GetValue<bool>());
        Assert.Contains("丹桂苑红色驿站", await refused.BoardAsync());

        // The one that kept its identity keeps it across a power cut.
        await live.RestartAsync();
        var next = await admin.PublishAsync("notices", TestWorld.Notice("n-twin-2", "重启之后", TestWorld.CompoundA));
        await live.WaitForSeqAsync(next);

        // Staff clear the flag once they have dealt with the copy.
        await refused.KillAsync();
        using (var cleared = await admin.DeleteAsync("/api/fleet/kiosk-twin/credential-reuse"))
        {
            Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        }
        Assert.False((await admin.GetFromJsonAsync<JsonObject>("/api/fleet/kiosk-twin"))!["credentialReused"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_second_hello_on_one_connection_before_the_first_new_credential_is_confirmed_is_not_taken_for_a_copy()
    {
        await using var controller = ControllerHost.Start("rotation-rehello", settings: new() { ["Pairing:SupersededGracePeriod"] = "00:00:00" });
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await using var hub = await KioskHubClient.OpenAsync(controller.Url, world.Credentials["kiosk-a"]);
        var hello = new Shared.Sync.HelloRequest { Cursor = 0, AcceptsNewCredential = true };
        // Two Hellos on one connection (the controller asked again, say) before the kiosk's confirmation of the first arrives.
        var first = (await hub.Connection.InvokeAsync<Shared.Sync.HelloResponse>(Shared.Sync.SyncProtocol.Hello, hello)).NewCredential!;
        var second = (await hub.Connection.InvokeAsync<Shared.Sync.HelloResponse>(Shared.Sync.SyncProtocol.Hello, hello)).NewCredential!;

        async Task<HttpStatusCode> ConfirmAsync(string credential)
        {
            using var client = controller.Anonymous();
            client.DefaultRequestHeaders.Authorization = new("Bearer", credential);
            using var response = await client.PostAsync(Shared.Fleet.FleetProtocol.CredentialConfirm, null);
            return response.StatusCode;
        }
        // The first confirmation arrives late, then the kiosk confirms what it holds now: the second.
        Assert.Equal(HttpStatusCode.OK, await ConfirmAsync(first));
        Assert.Equal(HttpStatusCode.OK, await ConfirmAsync(second));
        Assert.False((await admin.GetFromJsonAsync<JsonObject>("/api/fleet/kiosk-a"))!["credentialReused"]!.GetValue<bool>(), "the kiosk is not a copy of itself");
        // It connects with the credential it holds, and the two before are retired.
        await using (var again = await KioskHubClient.ConnectAsync(controller.Url, second))
        {
            Assert.Equal(Microsoft.AspNetCore.SignalR.Client.HubConnectionState.Connected, again.Connection.State);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, await ConfirmAsync(first));

        // Two copies saying Hello on two connections with the same credential stay a clone: only one lineage wins.
        await using var twinA = await KioskHubClient.OpenAsync(controller.Url, second);
        await using var twinB = await KioskHubClient.OpenAsync(controller.Url, second);
        var fromA = (await twinA.Connection.InvokeAsync<Shared.Sync.HelloResponse>(Shared.Sync.SyncProtocol.Hello, hello)).NewCredential!;
        var fromB = (await twinB.Connection.InvokeAsync<Shared.Sync.HelloResponse>(Shared.Sync.SyncProtocol.Hello, hello)).NewCredential!;
        Assert.Equal(HttpStatusCode.OK, await ConfirmAsync(fromA));
        Assert.Equal(HttpStatusCode.Unauthorized, await ConfirmAsync(fromB));
        Assert.True((await admin.GetFromJsonAsync<JsonObject>("/api/fleet/kiosk-a"))!["credentialReused"]!.GetValue<bool>(), "a second installation is flagged");
    }

    [Fact]
    public async Task A_new_credential_confirmed_on_the_hub_connection_retires_the_old_one_and_only_that_connections_own_is_taken()
    {
        await using var controller = ControllerHost.Start("rotation-hub-confirm", settings: new() { ["Pairing:SupersededGracePeriod"] = "00:00:00" });
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        var registered = world.Credentials["kiosk-a"];
        async Task<HttpStatusCode> StatusWithAsync(string credential)
        {
            using var client = controller.Anonymous();
            client.DefaultRequestHeaders.Authorization = new("Bearer", credential);
            using var response = await client.PostAsync(Shared.Fleet.FleetProtocol.CredentialConfirm, null);
            return response.StatusCode;
        }
        var hello = new Shared.Sync.HelloRequest { Cursor = 0, AcceptsNewCredential = true };
        await using var hub = await KioskHubClient.OpenAsync(controller.Url, registered);
        var fresh = (await hub.Connection.InvokeAsync<Shared.Sync.HelloResponse>(Shared.Sync.SyncProtocol.Hello, hello)).NewCredential!;
        // Another kiosk's connection was handed a credential too: it is not this connection's to confirm.
        await using var other = await KioskHubClient.OpenAsync(controller.Url, world.Credentials["kiosk-b"]);
        var othersFresh = (await other.Connection.InvokeAsync<Shared.Sync.HelloResponse>(Shared.Sync.SyncProtocol.Hello, hello)).NewCredential!;

        foreach (var wrong in new[] { othersFresh, "skk_" + new string('x', 40), "not-a-credential", "", "skk_" + string.Concat(Enumerable.Repeat("😀", 300)) })
        {
            var refused = await Assert.ThrowsAsync<HubException>(() => hub.Connection.InvokeAsync(Shared.Sync.SyncProtocol.ConfirmCredential, wrong));
            Assert.Contains("device credential", refused.Message);
        }
        // Nothing changed: both kiosks' credentials still work, and nobody is taken for a copy.
        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(registered));
        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(world.Credentials["kiosk-b"]));
        Assert.False((await admin.GetFromJsonAsync<JsonObject>("/api/fleet/kiosk-b"))!["credentialReused"]!.GetValue<bool>());

        // The kiosk confirms what it was handed on the connection: the old credential is retired, the connection goes on.
        await hub.Connection.InvokeAsync(Shared.Sync.SyncProtocol.ConfirmCredential, fresh);
        // Confirming it again is harmless.
        await hub.Connection.InvokeAsync(Shared.Sync.SyncProtocol.ConfirmCredential, fresh);
        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(fresh));
        Assert.Equal(HubConnectionState.Connected, hub.Connection.State);
        var batch = await hub.Connection.InvokeAsync<Shared.Sync.ChangeBatch>(Shared.Sync.SyncProtocol.CatchUp, 0L, 10);
        Assert.NotEmpty(batch.Changes);
        Assert.False((await admin.GetFromJsonAsync<JsonObject>("/api/fleet/kiosk-a"))!["credentialReused"]!.GetValue<bool>(), "the kiosk is not a copy of itself");
        // The credential it had is retired: presented again (as only a copy would), it is refused.
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(registered));
    }

    [Fact]
    public async Task A_late_confirmation_of_an_older_new_credential_does_not_take_over_from_the_one_the_kiosk_holds()
    {
        await using var controller = ControllerHost.Start("rotation-late-older", settings: new() { ["Pairing:SupersededGracePeriod"] = "00:00:00" });
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await using var hub = await KioskHubClient.OpenAsync(controller.Url, world.Credentials["kiosk-a"]);
        var hello = new Shared.Sync.HelloRequest { Cursor = 0, AcceptsNewCredential = true };
        // Hello hands out P1; the kiosk's confirmation of P1 is slow. A second Hello on the connection hands out P2,
        // which the kiosk stores over P1 and confirms at once.
        var p1 = (await hub.Connection.InvokeAsync<Shared.Sync.HelloResponse>(Shared.Sync.SyncProtocol.Hello, hello)).NewCredential!;
        var p2 = (await hub.Connection.InvokeAsync<Shared.Sync.HelloResponse>(Shared.Sync.SyncProtocol.Hello, hello)).NewCredential!;

        async Task<HttpStatusCode> ConfirmAsync(string credential)
        {
            using var client = controller.Anonymous();
            client.DefaultRequestHeaders.Authorization = new("Bearer", credential);
            using var response = await client.PostAsync(Shared.Fleet.FleetProtocol.CredentialConfirm, null);
            return response.StatusCode;
        }
        Assert.Equal(HttpStatusCode.OK, await ConfirmAsync(p2));
        // Then P1's confirmation arrives: it must neither take over nor make the kiosk look like its own copy.
        Assert.NotEqual(HttpStatusCode.OK, await ConfirmAsync(p1));
        Assert.False((await admin.GetFromJsonAsync<JsonObject>("/api/fleet/kiosk-a"))!["credentialReused"]!.GetValue<bool>(), "the kiosk is not a copy of itself");

        // The kiosk keeps working with the credential it holds: its requests are accepted and it connects again.
        Assert.Equal(HttpStatusCode.OK, await ConfirmAsync(p2));
        await using (var again = await KioskHubClient.ConnectAsync(controller.Url, p2))
        {
            Assert.Equal(HubConnectionState.Connected, again.Connection.State);
        }
        Assert.Equal(HubConnectionState.Connected, hub.Connection.State);
        Assert.False((await admin.GetFromJsonAsync<JsonObject>("/api/fleet/kiosk-a"))!["credentialReused"]!.GetValue<bool>(), "still not flagged");
        // P1 never becomes usable later either.
        Assert.Equal(HttpStatusCode.Unauthorized, await ConfirmAsync(p1));

        // Its next rotation from P2 works as ever.
        var p3 = (await hub.Connection.InvokeAsync<Shared.Sync.HelloResponse>(Shared.Sync.SyncProtocol.Hello, hello)).NewCredential!;
        Assert.Equal(HttpStatusCode.OK, await ConfirmAsync(p3));
        Assert.False((await admin.GetFromJsonAsync<JsonObject>("/api/fleet/kiosk-a"))!["credentialReused"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Pairing_an_existing_kiosk_id_replaces_the_old_device()
    {
        await using var controller = ControllerHost.Start("replace");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await using var old = await KioskProcess.StartAsync("old-device", controller.Url, world.Credentials["kiosk-b"]);
        await old.WaitForSeqAsync(await admin.HeadAsync());

        await using var replacement = await KioskProcess.StartAsync("replacement", controller.Url, null);
        var claimed = await admin.PostJsonAsync("/api/pairing/claim", new { code = await CodeShownByAsync(replacement), kioskId = "kiosk-b", name = "换新的中心屏", stationId = "station-b" });
        Assert.True(claimed["replaced"]!.GetValue<bool>());

        await Eventually.Until(old.HealthAsync, h => !h["connected"]!.GetValue<bool>(), "the old device to be cut off");
        var seq = await admin.PublishAsync("notices", TestWorld.Notice("n-new-device", "新设备的通知", TestWorld.CompoundB));
        await replacement.WaitForSeqAsync(seq);
        await Task.Delay(1500);
        Assert.DoesNotContain("新设备的通知", await old.BoardAsync());
        // The old device was revoked by staff, not copied: no clone flag.
        Assert.False((await admin.GetFromJsonAsync<JsonObject>("/api/fleet/kiosk-b"))!["credentialReused"]!.GetValue<bool>());
    }
}
