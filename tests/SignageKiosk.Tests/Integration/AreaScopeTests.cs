using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SignageKiosk.Controller.Fleet;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// Staff other than administrators read kiosks, places, stations, fleet history and media of their own area only;
/// credential rotations and revocations leave an audit entry naming who, never the credential.
/// </summary>
public sealed class AreaScopeTests
{
    private static async Task<HttpClient> UserAsync(ControllerHost controller, HttpClient admin, string name, string role, string scope)
    {
        await admin.PostJsonAsync("/api/users", new { username = name, password = "a-long-password", role, scopePlaceId = scope, mustChangePassword = false });
        return await controller.SignInAsync(name, "a-long-password");
    }

    private static async Task<List<string>> IdsAsync(HttpClient client, string path) =>
        (await client.GetFromJsonAsync<JsonObject>(path))!["items"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()).ToList();

    [Fact]
    public async Task A_property_manager_of_one_compound_reads_nothing_of_another()
    {
        await using var controller = ControllerHost.Start("area-scope");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        using var pmA = await UserAsync(controller, admin, "pm-a", "propertyManager", TestWorld.CompoundA);
        using var pmB = await UserAsync(controller, admin, "pm-b", "propertyManager", TestWorld.CompoundB);
        using var masterA = await UserAsync(controller, admin, "master-a", "stationMaster", TestWorld.CompoundA);

        foreach (var client in new[] { pmA, masterA })
        {
            Assert.Equal(["kiosk-a", "kiosk-a1"], await IdsAsync(client, "/api/kiosks"));
            Assert.Equal(["a1", "a1-u1", "a2", TestWorld.CompoundA], (await IdsAsync(client, "/api/places")).Order(StringComparer.Ordinal));
            Assert.Equal(["station-a"], await IdsAsync(client, "/api/stations"));
            foreach (var path in new[] { "/api/kiosks/kiosk-b", "/api/places/compound-b", "/api/places/b1", "/api/stations/station-b", "/api/places/c1" })
            {
                using var response = await client.GetAsync(path);
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {response.StatusCode}");
            }
        }
        Assert.Equal(["kiosk-b"], await IdsAsync(pmB, "/api/kiosks"));
        Assert.Equal(["kiosk-a", "kiosk-a1", "kiosk-b"], await IdsAsync(admin, "/api/kiosks"));

        // Fleet history: kiosk B is online; compound A's people see their own compound's screens, none online.
        await using var kioskB = await KioskProcess.StartAsync("area-b", controller.Url, world.Credentials["kiosk-b"]);
        await Eventually.Until(async () => (await admin.GetFromJsonAsync<JsonObject>("/api/fleet"))!["items"]!.AsArray()
            .Any(k => k!["id"]!.GetValue<string>() == "kiosk-b" && k["state"]!.GetValue<string>() == "online"), online => online, "kiosk B online");
        await controller.Services.GetRequiredService<FleetSampler>().SampleAsync(CancellationToken.None);
        async Task<int?> OnlineNowAsync(HttpClient client) =>
            (await client.GetFromJsonAsync<JsonObject>("/api/fleet/history?hours=1"))!["buckets"]!.AsArray()
                .Select(b => b!["online"]?.GetValue<int?>()).Last(n => n is not null);
        Assert.Equal(1, await OnlineNowAsync(admin));
        Assert.Equal(1, await OnlineNowAsync(pmB));
        Assert.Equal(0, await OnlineNowAsync(pmA));
        Assert.Equal(0, await OnlineNowAsync(masterA));

        // Media: a photo used only in compound B is absent for compound A; a file one uploaded oneself is one's own.
        var (sha, _, _, photo) = await TestImages.UploadAsync(admin, TestImages.NoiseJpeg(48, 48));
        await admin.PublishAsync("people", new { id = "p-b", name = "李四", photo = new { sha256 = sha, size = photo.Length, contentType = "image/jpeg" }, target = new { placeId = TestWorld.CompoundB } });
        using (var hidden = await pmA.GetAsync("/api/media/" + sha))
        {
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        }
        Assert.Equal(photo, await pmB.GetByteArrayAsync("/api/media/" + sha));
        Assert.Equal(photo, await admin.GetByteArrayAsync("/api/media/" + sha));
        var (ownSha, _, _, own) = await TestImages.UploadAsync(pmA, TestImages.NoiseJpeg(32, 32));
        Assert.Equal(own, await pmA.GetByteArrayAsync("/api/media/" + ownSha));
        using (var notTheirs = await pmB.GetAsync("/api/media/" + ownSha))
        {
            Assert.Equal(HttpStatusCode.NotFound, notTheirs.StatusCode);
        }
    }

    [Fact]
    public async Task Credential_rotations_and_revocations_are_audited_without_the_credential()
    {
        await using var controller = ControllerHost.Start("credential-audit");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);

        // The kiosk rotates its own credential on Hello and confirms it: the kiosk is the actor.
        await using var kiosk = await KioskProcess.StartAsync("audit-a", controller.Url, world.Credentials["kiosk-a"]);
        await Eventually.Until(async () => (await EntriesAsync(admin, "kiosk-a")).Any(e => e["action"] == "rotate-credential" && e["actor"] == "kiosk-a"),
            found => found, "the kiosk's own rotation in the audit log");

        // An administrator revokes by issuing a new credential, and deletes a kiosk.
        var issued = (await admin.PostJsonAsync("/api/kiosks/kiosk-b/credential", new { }))["credential"]!.GetValue<string>();
        using (var deleted = await admin.DeleteAsync("/api/kiosks/kiosk-a1"))
        {
            deleted.EnsureSuccessStatusCode();
        }
        Assert.Contains(await EntriesAsync(admin, "kiosk-b"), e => e["action"] == "reissue-credential" && e["actor"] == "admin");
        Assert.Contains(await EntriesAsync(admin, "kiosk-a1"), e => e["action"] == "delete" && e["actor"] == "admin");

        var trail = await admin.GetStringAsync("/api/audit?kind=kiosks&limit=200");
        Assert.DoesNotContain(issued, trail);
        foreach (var credential in world.Credentials.Values)
        {
            Assert.DoesNotContain(credential, trail);
        }
        Assert.DoesNotContain(kiosk.DeviceCredential() ?? "no credential", trail);
    }

    private static async Task<List<Dictionary<string, string?>>> EntriesAsync(HttpClient admin, string kioskId) =>
        (await admin.GetFromJsonAsync<JsonObject>($"/api/audit?kind=kiosks&itemId={kioskId}"))!["items"]!.AsArray()
            .Select(e => new Dictionary<string, string?> { ["action"] = e!["action"]?.GetValue<string>(), ["actor"] = e["actor"]?.GetValue<string>() })
            .ToList();
}
