using SignageKiosk.Tests.Support;
using Xunit.Abstractions;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// A loopback proxy between a real kiosk process and the controller resets, cuts and stalls the link while staff
/// keep publishing. After every fault the kiosk recovers by itself, and at the end its cache holds exactly what the
/// controller holds for it: nothing missed, nothing left over, nothing stale.
/// </summary>
public sealed class NetworkFaultTests(ITestOutputHelper output)
{
    private enum Fault { Reset, Cut, Stall }

    [Fact]
    public async Task The_kiosk_recovers_from_resets_cuts_and_stalls_and_misses_nothing()
    {
        const int Rounds = 24;
        var seed = Environment.GetEnvironmentVariable("FAULT_SEED") is { } s ? int.Parse(s) : 20261122;
        var random = new Random(seed);
        await using var controller = ControllerHost.Start("network-faults");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await using var proxy = new TcpProxy(controller.Port);
        await using var kiosk = await KioskProcess.StartAsync("network-faults", proxy.Url, world.Credentials["kiosk-a"]);
        await kiosk.WaitForSeqAsync(await admin.HeadAsync());

        var titles = new Dictionary<string, string>();
        var counts = new Dictionary<Fault, int>();
        var next = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var fault = (Fault)random.Next(3);
            counts[fault] = counts.GetValueOrDefault(fault) + 1;
            switch (fault)
            {
                case Fault.Reset: proxy.ResetAll(); break;
                case Fault.Cut: proxy.Cut(); break;
                case Fault.Stall: proxy.Stall(); break;
            }
            // Staff keep working during the fault: new notices, edits and deletions.
            for (var i = 0; i < 4; i++)
            {
                var id = $"n-{next++}";
                titles[id] = $"第{round}轮通知{i}";
                await admin.PublishAsync("notices", TestWorld.Notice(id, titles[id], TestWorld.CompoundA));
            }
            if (titles.Count > 3)
            {
                var edited = titles.Keys.ElementAt(random.Next(titles.Count));
                titles[edited] = $"第{round}轮修订";
                await admin.PutJsonAsync($"/api/notices/{edited}", TestWorld.Notice(edited, titles[edited], TestWorld.CompoundA));
                var deleted = titles.Keys.ElementAt(random.Next(titles.Count));
                titles.Remove(deleted);
                await admin.DeleteAsync($"/api/notices/{deleted}");
            }
            await Task.Delay(random.Next(200, 1500));
            proxy.Restore();
            await kiosk.WaitForSeqAsync(await admin.HeadAsync(), $"the kiosk to recover after round {round} ({fault})");
        }

        var health = await kiosk.HealthAsync();
        await kiosk.KillAsync();
        var cached = await kiosk.CachedNoticeTitlesAsync();
        Assert.Equal(titles.OrderBy(t => t.Key), cached.OrderBy(t => t.Key));
        output.WriteLine($"seed {seed}: {Rounds} faults ({string.Join(", ", counts.Select(c => $"{c.Value} {c.Key}"))}), " +
            $"{proxy.Resets} connections reset, {proxy.Connections} connections made, {next} notices, gaps detected {health["gapsDetected"]}");
        Assert.True(proxy.Connections > counts.GetValueOrDefault(Fault.Reset) + counts.GetValueOrDefault(Fault.Cut), "the kiosk reconnected after the faults");
    }
}
