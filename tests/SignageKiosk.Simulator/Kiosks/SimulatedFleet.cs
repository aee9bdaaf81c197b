using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Simulator.Kiosks;

/// <summary>
/// Many simulated kiosks in one process, against one controller. Shares what can be shared (the hub protocol, one
/// heartbeat timer that spreads the kiosks' heartbeats over the interval); each kiosk keeps its own connection,
/// credential and cursor. Bounded: at most <see cref="Fleet.FleetShape.MaxKiosks"/> kiosks.
/// </summary>
public sealed class SimulatedFleet : IKioskObserver, IAsyncDisposable
{
    private readonly List<SimulatedKiosk> _kiosks = [];
    private readonly Uri _hubUri;
    private readonly KioskBehaviour _behaviour;
    private readonly IHubProtocol _protocol;
    private readonly IServiceProvider _services;
    private readonly ConcurrentDictionary<string, int> _problems = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _heartbeats;
    private int _connectFailures;
    private int _disposed;

    public SimulatedFleet(string controllerUrl, KioskBehaviour behaviour)
    {
        _hubUri = new Uri(new Uri(controllerUrl.TrimEnd('/') + "/"), SyncProtocol.HubPath.TrimStart('/'));
        _behaviour = behaviour;
        var services = new ServiceCollection();
        services.AddOptions();
        _services = new SharedServices(services.BuildServiceProvider());
        var json = new JsonHubProtocolOptions();
        SyncJson.Configure(json.PayloadSerializerOptions);
        _protocol = new JsonHubProtocol(Options.Create(json));
        _heartbeats = Task.Run(HeartbeatLoopAsync);
    }

    /// <summary>A copy of the kiosks added so far.</summary>
    public IReadOnlyList<SimulatedKiosk> Kiosks
    {
        get
        {
            lock (_kiosks)
            {
                return [.. _kiosks];
            }
        }
    }

    /// <summary>Adds a kiosk (not started yet).</summary>
    public SimulatedKiosk Add(string kioskId, string credential) => Add(kioskId, credential, _hubUri);

    /// <summary>Adds a kiosk that connects to another address than the fleet's (one of several load balancers).</summary>
    public SimulatedKiosk Add(string kioskId, string credential, string controllerUrl) =>
        Add(kioskId, credential, new Uri(new Uri(controllerUrl.TrimEnd('/') + "/"), SyncProtocol.HubPath.TrimStart('/')));

    private SimulatedKiosk Add(string kioskId, string credential, Uri hubUri)
    {
        var kiosk = new SimulatedKiosk(kioskId, credential, hubUri, _protocol, _services, _behaviour, this);
        lock (_kiosks)
        {
            if (_kiosks.Count >= Fleet.FleetShape.MaxKiosks)
            {
                throw new InvalidOperationException($"a simulated fleet holds at most {Fleet.FleetShape.MaxKiosks} kiosks");
            }
            _kiosks.Add(kiosk);
        }
        return kiosk;
    }

    /// <summary>
    /// Starts kiosks with at most <paramref name="concurrency"/> of them between "connect" and "in sync" at once (a
    /// fleet switched on over some minutes, not in one instant), and waits until all are in sync.
    /// </summary>
    public async Task<TimeSpan> StartAsync(IEnumerable<SimulatedKiosk> kiosks, int concurrency, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        using var gate = new SemaphoreSlim(Math.Max(1, concurrency));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var waits = new List<Task>();
        foreach (var kiosk in kiosks.Where(k => !k.Started))
        {
            await gate.WaitAsync(deadline.Token);
            kiosk.Start();
            waits.Add(kiosk.FirstSync.ContinueWith(_ => gate.Release(), TaskScheduler.Default));
        }
        await Task.WhenAll(waits).WaitAsync(deadline.Token);
        return watch.Elapsed;
    }

    /// <summary>
    /// Polls until every given kiosk has acked at least <paramref name="seq"/>; returns the latest first-ack time. Each
    /// poll reads only the kiosks still missing: reading all 10,000 every 5 ms was 6 % of the simulator's CPU, on the cores
    /// the measured controller shares.
    /// </summary>
    public async Task<long> WaitForAcksAsync(IReadOnlyList<SimulatedKiosk> targets, long seq, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        var missing = targets.ToList();
        long latest = 0;
        while (true)
        {
            missing.RemoveAll(kiosk =>
            {
                var (acked, at) = kiosk.LastAck;
                if (acked < seq)
                {
                    return false;
                }
                latest = Math.Max(latest, at);
                return true;
            });
            if (missing.Count == 0)
            {
                return latest;
            }
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"{missing.Count} of {targets.Count} kiosks did not ack {seq} within {timeout.TotalSeconds:F0} s");
            }
            await Task.Delay(5, cancellationToken);
        }
    }

    /// <summary>Polls until <paramref name="condition"/> holds for the fleet.</summary>
    public async Task WaitUntilAsync(Func<IReadOnlyList<SimulatedKiosk>, bool> condition, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (!condition(Kiosks))
        {
            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"gave up after {timeout.TotalSeconds:F0} s waiting for {what}; {Totals()}");
            }
            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>Cuts every started kiosk's connection at once.</summary>
    public void DropAll()
    {
        foreach (var kiosk in Kiosks.Where(k => k.Started))
        {
            kiosk.Drop();
        }
    }

    public FleetTotals Totals()
    {
        var kiosks = Kiosks;
        int Sum(Func<KioskCounters, int> pick) => kiosks.Sum(k => pick(k.Counters));
        return new FleetTotals(
            kiosks.Count(k => k.Started),
            kiosks.Count(k => k.Connection.State == HubConnectionState.Connected),
            kiosks.Count(k => k.Synced),
            Sum(c => c.Hellos), Sum(c => c.Snapshots), Sum(c => c.CatchUps), Sum(c => c.Gaps), Sum(c => c.Drops), Sum(c => c.Errors),
            kiosks.Sum(k => k.ConnectAttempts), Volatile.Read(ref _connectFailures),
            kiosks.Sum(k => Interlocked.Read(ref k.Counters.ChangesApplied)),
            kiosks.Sum(k => k.BytesReceived), kiosks.Sum(k => k.BytesSent),
            new Dictionary<string, int>(_problems, StringComparer.Ordinal));
    }

    /// <summary>Forgets counted problems (between benchmark phases).</summary>
    public void ClearProblems() => _problems.Clear();

    void IKioskObserver.Synced(SimulatedKiosk kiosk)
    {
    }

    void IKioskObserver.Acked(SimulatedKiosk kiosk, long seq, long timestamp)
    {
    }

    void IKioskObserver.ConnectFailed(SimulatedKiosk kiosk, Exception error)
    {
        Interlocked.Increment(ref _connectFailures);
        Count("connect: " + Describe(error));
    }

    void IKioskObserver.StepFailed(SimulatedKiosk kiosk, string step, Exception error) => Count($"{step}: {Describe(error)}");

    private void Count(string problem) => _problems.AddOrUpdate(problem.Length > 200 ? problem[..200] : problem, 1, (_, n) => n + 1);

    private static string Describe(Exception error)
    {
        var inner = error;
        while (inner.InnerException is not null && inner is not HubException and not Kiosk.Sync.ControllerBusyException)
        {
            inner = inner.InnerException;
        }
        // One line for every refusal at the door, whatever second it hinted.
        return inner is Kiosk.Sync.ControllerBusyException
            ? $"{nameof(Kiosk.Sync.ControllerBusyException)}: refused with 503 and a Retry-After (the controller admitting other kiosks first)"
            : $"{inner.GetType().Name}: {inner.Message}";
    }

    /// <summary>One timer for all heartbeats; kiosk i beats at second i mod interval, so they are spread evenly.</summary>
    private async Task HeartbeatLoopAsync()
    {
        var seconds = Math.Max(1, (int)Math.Round(_behaviour.HeartbeatInterval.TotalSeconds));
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        long tick = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                tick++;
                var slot = (int)(tick % seconds);
                var kiosks = Kiosks;
                for (var i = slot; i < kiosks.Count; i += seconds)
                {
                    if (kiosks[i].Started)
                    {
                        kiosks[i].Heartbeat();
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _stop.CancelAsync();
        await _heartbeats;
        await Parallel.ForEachAsync(Kiosks, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (kiosk, _) => await kiosk.DisposeAsync());
        _stop.Dispose();
    }

    /// <summary>Lends the shared services to every hub connection without letting one connection's disposal end them.</summary>
    private sealed class SharedServices(IServiceProvider inner) : IServiceProvider
    {
        public object? GetService(Type serviceType) => inner.GetService(serviceType);
    }
}
