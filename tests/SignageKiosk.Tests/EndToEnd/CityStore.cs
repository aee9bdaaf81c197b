using SignageKiosk.Simulator.Controller;
using SignageKiosk.Simulator.Fleet;
using SignageKiosk.Simulator.Kiosks;

namespace SignageKiosk.Tests.Support;

/// <summary>
/// A controller holding a whole city, as the load benchmark leaves it: the simulator's 10,000 kiosks in 5,552 places
/// (幸福里社区 → 丹桂苑 → 1栋…10栋), 500 stations, 1,500 notices and 1,500 hotlines, all registered through the admin
/// API. The 20 kiosks of 丹桂苑 were seen and then went away (offline), the 20 of 银杏苑 stay connected as simulated
/// kiosks (online, receiving what is published); the rest were never seen. Shared by a test class (seeding takes
/// about half a minute).
/// </summary>
public sealed class CityStore : IAsyncLifetime
{
    public const int Kiosks = 10_000;
    /// <summary>Compound 0 of community 0: its kiosks connected once and left.</summary>
    public const string GoneCompound = "sim-y00000";
    /// <summary>Compound 1 of community 0: its kiosks stay connected.</summary>
    public const string LiveCompound = "sim-y00001";
    public const string FirstCommunity = "sim-c00000";

    private static readonly KioskBehaviour Behaviour = new()
    {
        HeartbeatInterval = TimeSpan.FromSeconds(2),
        ReconnectInitialDelay = TimeSpan.FromMilliseconds(200),
        ReconnectMaxDelay = TimeSpan.FromSeconds(2),
    };

    private SimulatedFleet? _live;

    public ControllerHost Controller { get; private set; } = null!;
    public FleetLayout Layout { get; private set; } = null!;
    public IReadOnlyDictionary<string, string> Credentials { get; private set; } = new Dictionary<string, string>();
    public IReadOnlyList<SimulatedKiosk> LiveKiosks { get; private set; } = [];
    public TimeSpan SeedTook { get; private set; }

    public string GoneCompoundName => Layout.Places.Single(p => p.Id == GoneCompound).Name;
    public string LiveCompoundName => Layout.Places.Single(p => p.Id == LiveCompound).Name;
    public string FirstCommunityName => Layout.Places.Single(p => p.Id == FirstCommunity).Name;
    public IEnumerable<FleetLayout.KioskPlan> KiosksOf(string compoundId) => Layout.Kiosks.Where(k => k.CompoundId == compoundId);

    public async Task InitializeAsync()
    {
        Controller = ControllerHost.Start("city", settings: new()
        {
            // Kiosks that stopped answering a few seconds ago already count as "offline for a while" here.
            ["Fleet:AttentionOfflineAfter"] = "00:00:05",
            ["Auth:SignInPermitsPerMinute"] = "1000",
        });
        using var api = await AdminApi.SignInAsync(Controller.Url, "admin", ControllerHost.AdminPassword, CancellationToken.None);
        var fleetFile = Directory.CreateDirectory(Path.Combine(Controller.DataDirectory, "city")).FullName;
        var provisioned = await new FleetProvisioner(api, fleetFile, _ => { })
            .EnsureAsync(new FleetShape { Kiosks = Kiosks }, CancellationToken.None);
        (Layout, Credentials, SeedTook) = (provisioned.Layout, provisioned.Credentials, provisioned.Took);

        // 丹桂苑's screens connect once, then go away: the city's offline kiosks.
        await using (var gone = new SimulatedFleet(Controller.Url, Behaviour with { Reconnect = false }))
        {
            var kiosks = KiosksOf(GoneCompound).Select(k => gone.Add(k.Kiosk.Id, Credentials[k.Kiosk.Id])).ToList();
            await gone.StartAsync(kiosks, 5, TimeSpan.FromSeconds(60), CancellationToken.None);
        }
        // Three missed 2-second heartbeats later they count as offline, and past the 5-second threshold need attention.
        using (var admin = await Controller.AdminAsync())
        {
            await Eventually.Until(async () => System.Text.Json.Nodes.JsonNode.Parse(
                    await admin.GetStringAsync($"/api/fleet?compound={GoneCompound}&flag=attention&limit=1"))!["total"]!.GetValue<long>(),
                total => total == 20, "丹桂苑's kiosks offline and needing attention", TimeSpan.FromSeconds(60), 250);
        }
        _live = new SimulatedFleet(Controller.Url, Behaviour);
        LiveKiosks = KiosksOf(LiveCompound).Select(k => _live.Add(k.Kiosk.Id, Credentials[k.Kiosk.Id])).ToList();
        await _live.StartAsync(LiveKiosks, 5, TimeSpan.FromSeconds(60), CancellationToken.None);
    }

    /// <summary>Waits until every live kiosk of 银杏苑 has acknowledged <paramref name="seq"/>.</summary>
    public Task WaitForLiveAcksAsync(long seq) => _live!.WaitForAcksAsync(LiveKiosks, seq, TimeSpan.FromSeconds(30), CancellationToken.None);

    public async Task DisposeAsync()
    {
        if (_live is not null)
        {
            await _live.DisposeAsync();
        }
        await Controller.StopAsync();
    }
}
