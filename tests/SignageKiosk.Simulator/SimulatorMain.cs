using System.Diagnostics;
using System.Globalization;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Notices;
using SignageKiosk.Simulator.Controller;
using SignageKiosk.Simulator.Fleet;
using SignageKiosk.Simulator.Kiosks;
using SignageKiosk.Simulator.Measure;

namespace SignageKiosk.Simulator;

/// <summary>
/// The kiosk simulator as a command: N simulated kiosks against a real controller process over loopback, for a
/// bounded time. See <see cref="Usage"/>. The benchmarks (tests/SignageKiosk.Bench --load) use the same parts.
/// </summary>
public static class SimulatorMain
{
    public const string Usage = """
        dotnet run -c Release --project tests/SignageKiosk.Simulator -- [options]
          --kiosks N                    simulated kiosks (1-20000, default 100)
          --kiosks-per-building N       screens in each building lobby (default 2)
          --buildings-per-compound N    (default 10)   --compounds-per-community N (default 10)
          --items-per-compound N        notices and hotlines seeded per compound (default 6)
          --duration SECONDS            how long to run once all are in sync (default 60, at most 3600)
          --data DIR                    controller data directory, reused between runs (default: a folder per fleet shape in the temp directory)
          --controller URL              use a running controller instead of starting one (with --admin-password)
          --admin-password PASSWORD     the administrator's password of that controller
          --heartbeat SECONDS           kiosk heartbeat (default 30, as the kiosk)
          --reconnect-initial SECONDS   first reconnect delay (default 1)   --reconnect-max SECONDS (default 60)
          --no-reconnect                a dropped kiosk stays offline
          --connect-concurrency N       kiosks connecting at once while the fleet starts (default 200)
          --publish-every SECONDS       publish a notice to the whole district this often and print publish -> acked by all
          --drop-at SECONDS             once, at this second of the run, cut every kiosk's connection (a reconnect storm)
          --provision-only              register the fleet (places, stations, kiosks) in the data directory and stop
          --react KIND=METHOD           on each change of KIND a kiosk applies, it calls hub METHOD(change id, time applied)
                                        (e.g. broadcasts=BroadcastDisplayed)
        """;

    public static async Task<int> Main(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(Usage);
            return 0;
        }
        CommandLine options;
        FleetShape shape;
        KioskBehaviour behaviour;
        TimeSpan duration;
        string? externalUrl, adminPassword, dataDirectory;
        int concurrency;
        double publishEvery, dropAt;
        bool provisionOnly;
        try
        {
            options = new CommandLine(args, new HashSet<string>(["no-reconnect", "provision-only"]));
            shape = new FleetShape
            {
                Kiosks = options.Integer("kiosks", 100, 1, FleetShape.MaxKiosks),
                KiosksPerBuilding = options.Integer("kiosks-per-building", 2, 1, 100),
                BuildingsPerCompound = options.Integer("buildings-per-compound", 10, 1, 100),
                CompoundsPerCommunity = options.Integer("compounds-per-community", 10, 1, 100),
                ItemsPerCompound = options.Integer("items-per-compound", 6, 0, 100),
            }.Validated();
            var reactions = new Dictionary<string, ChangeReaction>(StringComparer.Ordinal);
            if (options.Text("react") is { } react)
            {
                var parts = react.Split('=', 2);
                if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
                {
                    throw new ArgumentException("--react is KIND=METHOD, e.g. broadcasts=BroadcastDisplayed");
                }
                var method = parts[1];
                reactions[parts[0]] = (kiosk, change, ct) => kiosk.SendCoreAsync(method, [change.Id, DateTimeOffset.UtcNow], ct);
            }
            behaviour = new KioskBehaviour
            {
                Reactions = reactions,
                HeartbeatInterval = TimeSpan.FromSeconds(options.Number("heartbeat", 30, 1, 3600)),
                ReconnectInitialDelay = TimeSpan.FromSeconds(options.Number("reconnect-initial", 1, 0.05, 600)),
                ReconnectMaxDelay = TimeSpan.FromSeconds(options.Number("reconnect-max", 60, 0.05, 3600)),
                Reconnect = !options.Has("no-reconnect"),
            };
            duration = TimeSpan.FromSeconds(options.Number("duration", 60, 1, 3600));
            externalUrl = options.Text("controller");
            adminPassword = options.Text("admin-password");
            dataDirectory = options.Text("data");
            concurrency = options.Integer("connect-concurrency", 200, 1, 5000);
            publishEvery = options.Number("publish-every", 0, 0, 3600);
            dropAt = options.Number("drop-at", -1, -1, 3600);
            provisionOnly = options.Has("provision-only");
            options.RejectUnknown();
            if (externalUrl is not null && adminPassword is null)
            {
                throw new ArgumentException("--controller needs --admin-password");
            }
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(Usage);
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        var limit = FileLimit.Raise((ulong)shape.Kiosks + 4096);
        Log($"open-file limit {limit}");

        ControllerProcess? own = null;
        try
        {
            string url;
            if (externalUrl is null)
            {
                dataDirectory ??= DefaultDataDirectory(shape);
                Log($"starting the controller on {dataDirectory}");
                own = await ControllerProcess.StartAsync(dataDirectory, cancellationToken: cancel.Token);
                url = own.Url;
                adminPassword = ControllerProcess.AdminPassword;
            }
            else
            {
                url = externalUrl;
                dataDirectory ??= DefaultDataDirectory(shape);
                Directory.CreateDirectory(dataDirectory);
            }
            using var api = await AdminApi.SignInAsync(url, "admin", adminPassword!, cancel.Token);
            var provisioned = await new FleetProvisioner(api, dataDirectory, Log).EnsureAsync(shape, cancel.Token);
            if (provisioned.KiosksCreated > 0)
            {
                Log($"registered {provisioned.KiosksCreated} kiosks in {provisioned.Took.TotalSeconds:F1} s");
            }
            if (provisionOnly)
            {
                Log($"the fleet of {shape.Kiosks} kiosks is registered in {dataDirectory}");
                return 0;
            }

            await using var fleet = new SimulatedFleet(url, behaviour);
            foreach (var plan in provisioned.Layout.Kiosks)
            {
                fleet.Add(plan.Kiosk.Id, provisioned.Credentials[plan.Kiosk.Id]);
            }
            Log($"connecting {shape.Kiosks} kiosks, {concurrency} at a time");
            var took = await fleet.StartAsync(fleet.Kiosks, concurrency, TimeSpan.FromMinutes(10), cancel.Token);
            Log($"all {shape.Kiosks} in sync after {took.TotalSeconds:F1} s; {fleet.Totals()}");

            var run = Stopwatch.StartNew();
            var nextStatus = TimeSpan.FromSeconds(5);
            var nextPublish = publishEvery > 0 ? TimeSpan.FromSeconds(publishEvery) : TimeSpan.MaxValue;
            var dropped = false;
            var latencies = new List<double>();
            var failures = 0;
            var number = 0;
            while (run.Elapsed < duration && !cancel.IsCancellationRequested)
            {
                if (!dropped && dropAt >= 0 && run.Elapsed.TotalSeconds >= dropAt)
                {
                    dropped = true;
                    Log("dropping every connection");
                    var cutAt = Stopwatch.GetTimestamp();
                    fleet.DropAll();
                    await fleet.WaitUntilAsync(ks => ks.All(k => k.Synced && k.SyncedAt > cutAt), TimeSpan.FromMinutes(10), "every kiosk to be back in sync", cancel.Token);
                    Log($"all back in sync {Stopwatch.GetElapsedTime(cutAt).TotalSeconds:F1} s after the drop; {fleet.Totals()}");
                }
                if (run.Elapsed >= nextPublish)
                {
                    nextPublish += TimeSpan.FromSeconds(publishEvery);
                    number++;
                    var start = Stopwatch.GetTimestamp();
                    try
                    {
                        var seq = await api.PublishAsync("notices", "sim-live", new Notice
                        {
                            Id = "sim-live",
                            Title = $"模拟通知 第{number}次",
                            Priority = NoticePriority.Urgent,
                            Target = ItemTarget.Place(FleetLayout.DistrictId),
                        }, replace: number > 1 || await ExistsAsync(api, cancel.Token), cancel.Token);
                        var acked = await fleet.WaitForAcksAsync(fleet.Kiosks, seq, TimeSpan.FromSeconds(60), cancel.Token);
                        var ms = Stopwatch.GetElapsedTime(start, acked).TotalMilliseconds;
                        latencies.Add(ms);
                        Log($"publish {seq} acked by all {shape.Kiosks} after {ms:F0} ms");
                    }
                    catch (TimeoutException e)
                    {
                        failures++;
                        Log(e.Message);
                    }
                }
                if (run.Elapsed >= nextStatus)
                {
                    nextStatus += TimeSpan.FromSeconds(5);
                    Log(fleet.Totals().ToString());
                }
                await Task.Delay(50, cancel.Token);
            }

            var totals = fleet.Totals();
            Log("end: " + totals);
            foreach (var (problem, count) in totals.Problems.OrderByDescending(p => p.Value))
            {
                Log($"  {count} x {problem}");
            }
            if (latencies.Count > 0)
            {
                Log(string.Create(CultureInfo.InvariantCulture,
                    $"publish -> acked by all: median {Percentiles.Of(latencies, 0.5):F0} ms, p99 {Percentiles.Of(latencies, 0.99):F0} ms, max {latencies.Max():F0} ms over {latencies.Count}"));
            }
            if (own is not null)
            {
                Log($"controller log: {own.Warnings} warnings, {own.Errors} errors");
            }
            return totals.Synced == totals.Started && failures == 0 ? 0 : 1;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Log("cancelled");
            return 130;
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    private static async Task<bool> ExistsAsync(AdminApi api, CancellationToken cancellationToken) =>
        (await api.SendAsync(HttpMethod.Get, "/api/notices/sim-live", null, cancellationToken)).Status == System.Net.HttpStatusCode.OK;

    /// <summary>One folder per fleet shape, so the registration of a large fleet is done once and reused.</summary>
    public static string DefaultDataDirectory(FleetShape shape) =>
        Path.Combine(Path.GetTempPath(), "signagekiosk-sim",
            $"fleet-{shape.KiosksPerBuilding}x{shape.BuildingsPerCompound}x{shape.CompoundsPerCommunity}-i{shape.ItemsPerCompound}");

    private static void Log(string message) => Console.WriteLine($"{DateTime.Now:HH:mm:ss.fff} {message}");
}
