using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using SignageKiosk.Shared.Broadcasts;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Sync;
using SignageKiosk.Simulator;
using SignageKiosk.Simulator.Controller;
using SignageKiosk.Simulator.Fleet;
using SignageKiosk.Simulator.Kiosks;
using SignageKiosk.Simulator.Measure;

namespace SignageKiosk.Bench;

/// <summary>
/// 紧急通知 at scale: a real controller process and 100, then 1,000 simulated kiosks. A simulated kiosk "displays"
/// a broadcast when it has applied the change (as a real board paints it from the applied change) and reports it
/// with BroadcastDisplayed, exactly as a kiosk host does. Measured from the start of "send broadcast"
/// (POST /api/broadcasts) to each kiosk displaying it, and to the controller listing every kiosk as displayed.
/// </summary>
public static class BroadcastBenchmark
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    public static async Task<string> RunAsync(int broadcasts, CancellationToken cancellationToken)
    {
        var shape = new FleetShape { Kiosks = 1_000 }.Validated();
        var data = SimulatorMain.DefaultDataDirectory(shape);
        FileLimit.Raise(4096);
        FleetProvisioner.Provisioned provisioned;
        await using (var setup = await ControllerProcess.StartAsync(data, cancellationToken: cancellationToken))
        {
            using var setupApi = await setup.AdminAsync(cancellationToken);
            provisioned = await new FleetProvisioner(setupApi, data, Log).EnsureAsync(shape, cancellationToken);
        }

        var clock = Stopwatch.StartNew();
        var displayed = new ConcurrentDictionary<string, ConcurrentBag<double>>(StringComparer.Ordinal);
        var behaviour = new KioskBehaviour
        {
            Reactions = new Dictionary<string, ChangeReaction>(StringComparer.Ordinal)
            {
                [ContentKind.EmergencyBroadcast] = (kiosk, change, ct) =>
                {
                    displayed.GetOrAdd(change.Id, _ => []).Add(clock.Elapsed.TotalMilliseconds);
                    return kiosk.SendCoreAsync(SyncProtocol.BroadcastDisplayed, [change.Id, DateTimeOffset.UtcNow], ct);
                },
            },
        };
        var rows = new StringBuilder();
        await using var controller = await ControllerProcess.StartAsync(data, cancellationToken: cancellationToken);
        using var api = await controller.AdminAsync(cancellationToken);
        await using var fleet = new SimulatedFleet(controller.Url, behaviour);
        var kiosks = provisioned.Layout.Kiosks.Take(shape.Kiosks).Select(plan => fleet.Add(plan.Kiosk.Id, provisioned.Credentials[plan.Kiosk.Id])).ToList();
        var started = 0;
        foreach (var size in new[] { 100, 1_000 })
        {
            Log($"connecting kiosks {started + 1}-{size}");
            await fleet.StartAsync(kiosks.Skip(started).Take(size - started), 200, TimeSpan.FromMinutes(5), cancellationToken);
            started = size;
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            var perKiosk = new List<double>();
            var allDisplayed = new List<double>();
            var allListed = new List<double>();
            var missed = 0;
            for (var i = 0; i < broadcasts; i++)
            {
                var id = $"bench-broadcast-{size}-{i}-{Guid.NewGuid():N}"[..48];
                var now = DateTimeOffset.UtcNow;
                var sentAt = clock.Elapsed.TotalMilliseconds;
                await api.PublishAsync(ContentKind.EmergencyBroadcast, id, new EmergencyBroadcast
                {
                    Id = id,
                    Title = "燃气泄漏，请勿使用明火",
                    Body = "请立即打开门窗，听从工作人员指挥。",
                    StartsAt = now,
                    EndsAt = now.AddMinutes(10),
                    Target = ItemTarget.Place(FleetLayout.DistrictId),
                }, replace: false, cancellationToken);
                var deadline = Stopwatch.StartNew();
                while ((displayed.TryGetValue(id, out var bag) ? bag.Count : 0) < size && deadline.Elapsed < TimeSpan.FromSeconds(30))
                {
                    await Task.Delay(2, cancellationToken);
                }
                var times = displayed.TryGetValue(id, out var got) ? got.ToList() : [];
                missed += size - times.Count;
                perKiosk.AddRange(times.Select(t => t - sentAt));
                if (times.Count == size)
                {
                    allDisplayed.Add(times.Max() - sentAt);
                }
                // The controller's own list (what staff see on the broadcast page): every connected kiosk displayed.
                while (deadline.Elapsed < TimeSpan.FromSeconds(60))
                {
                    var status = await api.RequireAsync(HttpMethod.Get, $"/api/broadcasts/{id}/displays", null, cancellationToken);
                    if (status["displayed"]!.GetValue<int>() >= size)
                    {
                        allListed.Add(clock.Elapsed.TotalMilliseconds - sentAt);
                        break;
                    }
                    await Task.Delay(5, cancellationToken);
                }
                await Task.Delay(300 + Random.Shared.Next(200), cancellationToken);
            }
            Log($"  {size} kiosks: per kiosk median {Percentiles.Of(perKiosk, 0.5):F0} ms, p99 {Percentiles.Of(perKiosk, 0.99):F0} ms; all displayed median {Percentiles.Of(allDisplayed, 0.5):F0} ms");
            rows.Append(Culture, $"| {size:N0} | {broadcasts} | {Percentiles.Of(perKiosk, 0.5):F0} ms | {Percentiles.Of(perKiosk, 0.99):F0} ms | ")
                .Append(Culture, $"{Percentiles.Of(allDisplayed, 0.5):F0} ms | {Percentiles.Of(allDisplayed, 0.99):F0} ms | {Percentiles.Of(allListed, 0.5):F0} ms | {Percentiles.Of(allListed, 0.99):F0} ms | {missed} |\n");
        }
        return $"""
            ## Emergency broadcast → displayed, simulated kiosks

            Reproduce: `dotnet build SignageKiosk.sln -c Release && dotnet run -c Release --project tests/SignageKiosk.Bench -- --broadcast {broadcasts}`

            {BenchMachine.Describe()}
            A real controller process (Release) and simulated kiosks in the benchmark's process, over loopback on the same
            2-core machine; each broadcast targets the whole district. From the start of `POST /api/broadcasts` to a kiosk
            displaying it (applied and reported with `BroadcastDisplayed`), and to the controller listing every connected
            kiosk as displayed (`GET /api/broadcasts/{"{id}"}/displays`, what the staff page shows). A real board adds its
            paint, measured in the board section (applied change → painted, median about 40 ms).

            | kiosks connected | broadcasts | per kiosk median | per kiosk p99 | all displayed median | all displayed p99 | controller lists all, median | controller lists all, p99 | displays missed |
            | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
            {rows.ToString().TrimEnd()}
            """;
    }

    private static void Log(string message) => Console.WriteLine($"{DateTime.Now:HH:mm:ss.fff} {message}");
}
