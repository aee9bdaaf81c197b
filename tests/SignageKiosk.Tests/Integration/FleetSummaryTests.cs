using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SignageKiosk.Simulator.Kiosks;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// The fleet as a summary first (issue 16, decision 0034): counts by state and flag per community, what needs
/// attention now, and the kiosks a page at a time, searchable and filtered, within the caller's area.
/// </summary>
public sealed class FleetSummaryTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static KioskBehaviour Behaviour(TimeSpan heartbeat, bool rotate) => new()
    {
        HeartbeatInterval = heartbeat,
        ReconnectInitialDelay = TimeSpan.FromMilliseconds(100),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(500),
        RotateCredentials = rotate,
    };

    private static async Task<JsonObject> GetAsync(HttpClient client, string path) => (await client.GetFromJsonAsync<JsonObject>(path))!;

    private static async Task<List<string>> IdsAsync(HttpClient client, string path) =>
        [.. (await GetAsync(client, path))["items"]!.AsArray().Select(k => k!["id"]!.GetValue<string>())];

    private static int Count(JsonNode row, string name) => row[name]!.GetValue<int>();

    [Fact]
    public async Task The_summary_counts_states_and_flags_per_community_lists_what_needs_attention_and_the_list_pages_and_searches()
    {
        await using var controller = ControllerHost.Start("fleet-summary", settings: new()
        {
            // Any offline kiosk and any missed change count at once here; minutes by default.
            ["Fleet:AttentionOfflineAfter"] = "00:00:00",
            ["Fleet:LaggingAfter"] = "00:00:00",
            ["Pairing:SupersededGracePeriod"] = "00:00:01",
        });
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);

        // Nobody connected yet: three kiosks never seen, nothing needs attention (an uninstalled screen is not a fault).
        var before = await GetAsync(admin, "/api/fleet/summary");
        Assert.Equal("community", before["groupKind"]!.GetValue<string>());
        Assert.Equal(3, Count(before["total"]!, "neverSeen"));
        Assert.Equal(0, before["attentionTotal"]!.GetValue<int>());

        // kiosk-b stays online (and takes a new credential); kiosk-a syncs, reports a full disk, then goes silent.
        await using var steady = new SimulatedFleet(controller.Url, Behaviour(TimeSpan.FromHours(1), rotate: true));
        await using var flaky = new SimulatedFleet(controller.Url, Behaviour(TimeSpan.FromSeconds(1), rotate: false));
        steady.Add(world.KioskB, world.Credentials["kiosk-b"]);
        var a = flaky.Add(world.KioskA, world.Credentials["kiosk-a"]);
        await steady.StartAsync(steady.Kiosks, 1, Timeout, CancellationToken.None);
        await flaky.StartAsync(flaky.Kiosks, 1, Timeout, CancellationToken.None);
        using (var asKioskA = controller.Anonymous())
        {
            asKioskA.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", world.Credentials["kiosk-a"]);
            (await asKioskA.PostAsJsonAsync("/api/fleet/report", new { storageFull = true })).EnsureSuccessStatusCode();
        }
        await a.GoOfflineAsync();
        var seq = await admin.PublishAsync("notices", TestWorld.Notice("n-missed", "离线期间的通知", TestWorld.CompoundA));
        // A copy of kiosk-b presents the credential it gave up: flagged as a possible clone.
        await Task.Delay(1500);
        using (var copyOfB = controller.Anonymous())
        {
            copyOfB.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", world.Credentials["kiosk-b"]);
            Assert.Equal(HttpStatusCode.Unauthorized, (await copyOfB.PostAsJsonAsync("/api/fleet/report", new { })).StatusCode);
        }

        var summary = await Eventually.Until(() => GetAsync(admin, "/api/fleet/summary"),
            s => Count(s["total"]!, "offline") == 1 && Count(s["total"]!, "online") == 1, "kiosk-a offline and kiosk-b online");
        var total = summary["total"]!;
        Assert.Equal(3, Count(total, "kiosks"));
        Assert.Equal(1, Count(total, "neverSeen"));
        Assert.Equal(0, Count(total, "screenOffBySchedule"));
        Assert.Equal(1, Count(total, "credentialReused"));
        Assert.Equal(1, Count(total, "lagging"));
        Assert.Equal(1, Count(total, "storageFull"));
        Assert.Equal(0, Count(total, "clock"));
        Assert.Equal(2, Count(total, "attention"));
        var community = Assert.Single(summary["groups"]!.AsArray())!;
        Assert.Equal(TestWorld.Community, community["placeId"]!.GetValue<string>());
        Assert.Equal("幸福里社区", community["name"]!.GetValue<string>());
        Assert.Equal(3, Count(community, "kiosks"));
        Assert.Equal(1, Count(community, "offline"));

        // Most urgent first: the possible clone, then the silent kiosk with its full disk and missed notice.
        var attention = summary["attention"]!.AsArray();
        Assert.Equal(2, summary["attentionTotal"]!.GetValue<int>());
        Assert.Equal(["kiosk-b", "kiosk-a"], attention.Select(k => k!["id"]!.GetValue<string>()));
        Assert.Equal(["clone"], attention[0]!["attention"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal(["offline", "storageFull", "lagging"], attention[1]!["attention"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal("/api/fleet?flag=attention", summary["attentionLink"]!.GetValue<string>());

        // The list: pages with a total and a cursor, the exact sequences on the page's rows.
        var first = await GetAsync(admin, "/api/fleet?limit=2");
        Assert.Equal(3, first["total"]!.GetValue<long>());
        Assert.Equal(2, first["limit"]!.GetValue<int>());
        Assert.Equal(["kiosk-a", "kiosk-a1"], first["items"]!.AsArray().Select(k => k!["id"]!.GetValue<string>()));
        var rowA = first["items"]![0]!;
        Assert.True(rowA["latestSeq"]!.GetValue<long>() >= seq);
        Assert.True(rowA["behind"]!.GetValue<long>() >= 1);
        Assert.True(rowA["lagging"]!.GetValue<bool>());
        var cursor = first["nextCursor"]!.GetValue<string>();
        var second = await GetAsync(admin, "/api/fleet?limit=2&cursor=" + Uri.EscapeDataString(cursor));
        Assert.Equal(["kiosk-b"], second["items"]!.AsArray().Select(k => k!["id"]!.GetValue<string>()));
        Assert.Null(second["nextCursor"]);

        // Search by id (any case), kiosk name and station name; filters by state and flag.
        Assert.Equal(["kiosk-a", "kiosk-a1"], await IdsAsync(admin, "/api/fleet?q=KIOSK-A"));
        Assert.Equal(["kiosk-a1"], await IdsAsync(admin, "/api/fleet?q=" + Uri.EscapeDataString("1栋大堂")));
        Assert.Equal(["kiosk-b"], await IdsAsync(admin, "/api/fleet?q=" + Uri.EscapeDataString("银杏苑")));
        Assert.Equal(["kiosk-a"], await IdsAsync(admin, "/api/fleet?state=offline"));
        Assert.Equal(["kiosk-a1"], await IdsAsync(admin, "/api/fleet?state=neverSeen&community=" + TestWorld.Community));
        Assert.Equal(["kiosk-a"], await IdsAsync(admin, "/api/fleet?flag=lagging"));
        Assert.Equal(["kiosk-a"], await IdsAsync(admin, "/api/fleet?flag=storageFull"));
        Assert.Equal(["kiosk-b"], await IdsAsync(admin, "/api/fleet?flag=clone"));
        Assert.Empty(await IdsAsync(admin, "/api/fleet?flag=clock"));
        Assert.Equal(["kiosk-b", "kiosk-a"], await IdsAsync(admin, "/api/fleet?flag=attention"));
        Assert.Equal(["kiosk-a"], await IdsAsync(admin, "/api/fleet?flag=attention&compound=" + TestWorld.CompoundA));

        // Bad values: a clear 400 that names the parameter.
        foreach (var bad in new[] { "flag=broken", "state=sleeping", "flag=1", "limit=0", "limit=201", "cursor=nonsense" })
        {
            using var refused = await admin.GetAsync("/api/fleet?" + bad);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains(bad.Split('=')[0], await refused.Content.ReadAsStringAsync());
        }
        Assert.Contains("clone, lagging, clock, storageFull, attention", await (await admin.GetAsync("/api/fleet?flag=broken")).Content.ReadAsStringAsync());

        // Scope: a property manager of compound B sees compound B only, in the summary, the attention list and the list.
        await admin.PostJsonAsync("/api/users", new { username = "manager-b", password = "manager-pw-1", role = "propertyManager", scopePlaceId = TestWorld.CompoundB, mustChangePassword = false });
        using var manager = await controller.SignInAsync("manager-b", "manager-pw-1");
        var ofB = await GetAsync(manager, "/api/fleet/summary");
        Assert.Equal(TestWorld.CompoundB, ofB["areaId"]!.GetValue<string>());
        Assert.Equal("银杏苑", ofB["areaName"]!.GetValue<string>());
        var onlyB = Assert.Single(ofB["groups"]!.AsArray())!;
        Assert.Equal(TestWorld.CompoundB, onlyB["placeId"]!.GetValue<string>());
        Assert.Equal(1, Count(ofB["total"]!, "kiosks"));
        Assert.Equal(["kiosk-b"], ofB["attention"]!.AsArray().Select(k => k!["id"]!.GetValue<string>()));
        Assert.Equal(["kiosk-b"], await IdsAsync(manager, "/api/fleet"));
        Assert.Empty(await IdsAsync(manager, "/api/fleet?compound=" + TestWorld.CompoundA));
        Assert.Empty(await IdsAsync(manager, "/api/fleet?flag=lagging"));

        // Community staff see their community per compound.
        await admin.PostJsonAsync("/api/users", new { username = "worker", password = "worker-pw-1", role = "communityStaff", scopePlaceId = TestWorld.Community, mustChangePassword = false });
        using var worker = await controller.SignInAsync("worker", "worker-pw-1");
        var ofCommunity = await GetAsync(worker, "/api/fleet/summary");
        Assert.Equal("compound", ofCommunity["groupKind"]!.GetValue<string>());
        Assert.Equal([(TestWorld.CompoundA, 2), (TestWorld.CompoundB, 1)],
            ofCommunity["groups"]!.AsArray().Select(g => (g!["placeId"]!.GetValue<string>(), Count(g, "kiosks"))).OrderBy(g => g.Item1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await controller.Anonymous().GetAsync("/api/fleet/summary")).StatusCode);

        // The OpenAPI document names both operations and says the list pages.
        var openApi = await admin.GetStringAsync("/openapi/v1.json");
        Assert.Contains("\"ListFleet\"", openApi);
        Assert.Contains("\"FleetSummary\"", openApi);
    }
}
