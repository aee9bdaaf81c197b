using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Connections;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Logging.Abstractions;
using SignageKiosk.Kiosk.Sync;
using SignageKiosk.Simulator.Kiosks.Wire;
using SignageKiosk.Shared.Fleet;
using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Simulator.Kiosks;

/// <summary>
/// One simulated kiosk: its own device credential, connection and cursor, speaking the real protocol the way
/// kiosk/Sync/SyncClient does — Hello, then a snapshot or a catch-up from the cursor, live pushes checked with
/// <see cref="SyncRules"/> (a Prev it lacks means a gap: catch up), Ack after each step, a catch-up on every
/// heartbeat, reconnect with jittered backoff. Everything touching the cursor runs on one loop, in order.
/// It takes a rotated credential only with <see cref="KioskBehaviour.RotateCredentials"/>; otherwise its registered one stays valid.
/// </summary>
public sealed class SimulatedKiosk : IAsyncDisposable
{
    private abstract record SyncEvent;
    private sealed record ConnectedEvent : SyncEvent;
    private sealed record ClosedEvent : SyncEvent;
    private sealed record LiveEvent(ChangeBatch Batch) : SyncEvent;
    private sealed record RehelloEvent : SyncEvent;
    private sealed record HeartbeatEvent : SyncEvent;

    private readonly Channel<SyncEvent> _events = Channel.CreateUnbounded<SyncEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly KioskBehaviour _behaviour;
    private readonly IKioskObserver _observer;
    private readonly DroppableConnectionFactory _factory;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private volatile bool _helloDone;
    private volatile bool _synced;
    private long _syncedAt;
    private AckMark _lastAck = new(0, 0);
    private volatile bool _offline;
    private readonly TaskCompletionSource _firstSync = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // One HTTP client for every kiosk's credential confirmation: connections are pooled per controller.
    private static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(10) };
    private readonly Uri _confirmUri;
    private volatile string _credential;

    public SimulatedKiosk(string kioskId, string credential, Uri hubUri, IHubProtocol protocol, IServiceProvider services, KioskBehaviour behaviour, IKioskObserver observer)
    {
        KioskId = kioskId;
        _credential = credential;
        _confirmUri = new Uri(hubUri, FleetProtocol.CredentialConfirm);
        _behaviour = behaviour;
        _observer = observer;
        _factory = new DroppableConnectionFactory(
            new WebSocketConnectionFactory(WebSocketConnectionFactory.ClientWebSocketConnector(() => _credential, behaviour.ConnectTimeout)),
            error => observer.ConnectFailed(this, error));
        var retry = behaviour.Reconnect ? new JitteredRetryPolicy(behaviour.ReconnectInitialDelay, behaviour.ReconnectMaxDelay) : null;
        Connection = retry is null
            ? new HubConnection(_factory, protocol, new UriEndPoint(hubUri), services, NullLoggerFactory.Instance)
            : new HubConnection(_factory, protocol, new UriEndPoint(hubUri), services, NullLoggerFactory.Instance, retry);
        Connection.On<ChangeBatch>(SyncProtocol.Changes, batch => _events.Writer.TryWrite(new LiveEvent(batch)));
        Connection.On(SyncProtocol.Rehello, () => _events.Writer.TryWrite(new RehelloEvent()));
        // Screenshots are out of scope: registered so the client does not log an unknown method.
        Connection.On<object>(SyncProtocol.CaptureScreenshot, _ => { });
        Connection.Reconnecting += _ =>
        {
            MarkDropped();
            return Task.CompletedTask;
        };
        Connection.Reconnected += _ =>
        {
            _events.Writer.TryWrite(new ConnectedEvent());
            return Task.CompletedTask;
        };
        Connection.Closed += _ =>
        {
            MarkDropped();
            _events.Writer.TryWrite(new ClosedEvent());
            return Task.CompletedTask;
        };
    }

    public string KioskId { get; }
    public HubConnection Connection { get; }
    public SimulatedCache Cache { get; } = new();
    public KioskCounters Counters { get; } = new();
    /// <summary>The place chain the controller said this kiosk receives for (innermost first); empty before the first Hello.</summary>
    public IReadOnlyList<string> Chain { get; private set; } = [];
    /// <summary>Connected, said hello, loaded and caught up since the last (re)connect.</summary>
    public bool Synced => _synced;
    /// <summary><see cref="Stopwatch.GetTimestamp"/> when it last became synced.</summary>
    public long SyncedAt => Interlocked.Read(ref _syncedAt);
    public long BytesReceived => _factory.Inner.BytesReceived;
    public long BytesSent => _factory.Inner.BytesSent;
    public int ConnectAttempts => _factory.Attempts;
    /// <summary>The highest sequence this kiosk has acked, and when (<see cref="Stopwatch.GetTimestamp"/>) it first acked it.</summary>
    public AckMark LastAck => Volatile.Read(ref _lastAck);
    /// <summary>Completes when the kiosk is in sync for the first time.</summary>
    public Task FirstSync => _firstSync.Task;
    public bool Started { get; private set; }

    /// <summary>Starts the sync loop and the first connect (its own backoff loop: automatic reconnect does not cover it).</summary>
    public void Start()
    {
        Started = true;
        _loop = Task.Run(RunAsync);
        _ = ConnectAsync(_stop.Token);
    }

    /// <summary>Takes the kiosk offline on purpose (it keeps its cache and cursor) until <see cref="Resume"/>.</summary>
    public async Task GoOfflineAsync()
    {
        _offline = true;
        await Connection.StopAsync();
    }

    /// <summary>Back online after <see cref="GoOfflineAsync"/>: connects and says hello with the cursor it kept.</summary>
    public void Resume()
    {
        _offline = false;
        _ = ConnectAsync(_stop.Token);
    }

    /// <summary>Cuts the connection the way a network failure would; the kiosk reconnects if its behaviour says so.</summary>
    public void Drop() => _factory.Drop();

    /// <summary>Asks for the changes after the cursor now, as a heartbeat does.</summary>
    public void Heartbeat() => _events.Writer.TryWrite(new HeartbeatEvent());

    public Task SendAsync(string method, object? argument, CancellationToken cancellationToken) =>
        Connection.SendAsync(method, argument, cancellationToken);

    /// <summary>Calls a hub method with any number of arguments, without waiting for a result.</summary>
    public Task SendCoreAsync(string method, object?[] arguments, CancellationToken cancellationToken) =>
        Connection.SendCoreAsync(method, arguments, cancellationToken);

    public Task<T> InvokeAsync<T>(string method, object? argument, CancellationToken cancellationToken) =>
        Connection.InvokeAsync<T>(method, argument, cancellationToken);

    private async Task RunAsync()
    {
        var stoppingToken = _stop.Token;
        try
        {
            await foreach (var syncEvent in _events.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    switch (syncEvent)
                    {
                        case ConnectedEvent or RehelloEvent when Connection.State == HubConnectionState.Connected:
                            await HelloAsync(stoppingToken);
                            break;
                        case ClosedEvent when _behaviour.Reconnect && !_offline:
                            _ = ConnectAsync(stoppingToken);
                            break;
                        case LiveEvent live when _helloDone:
                            await ApplyLiveAsync(live.Batch, stoppingToken);
                            break;
                        case HeartbeatEvent when _synced && Connection.State == HubConnectionState.Connected:
                            await CatchUpAsync(stoppingToken);
                            break;
                    }
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    Interlocked.Increment(ref Counters.Errors);
                    _observer.StepFailed(this, syncEvent.GetType().Name, e);
                    if (Connection.State != HubConnectionState.Connected)
                    {
                        _helloDone = false;
                        _synced = false;
                    }
                    if (syncEvent is ConnectedEvent or RehelloEvent && Connection.State == HubConnectionState.Connected)
                    {
                        // Hello itself failed (the controller refused or was too busy): retry after a pause, as the kiosk does.
                        _ = RetryHelloLaterAsync(stoppingToken);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ConnectAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 0; !stoppingToken.IsCancellationRequested && !_offline; attempt++)
        {
            try
            {
                await Connection.StartAsync(stoppingToken);
                _events.Writer.TryWrite(new ConnectedEvent());
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                if (!_behaviour.Reconnect && attempt >= 2)
                {
                    return;
                }
                var delay = JitteredRetryPolicy.NextDelay(attempt, e, _behaviour.ReconnectInitialDelay, _behaviour.ReconnectMaxDelay, Random.Shared.NextDouble());
                try
                {
                    await Task.Delay(delay, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            catch (Exception)
            {
                return;
            }
        }
    }

    private async Task RetryHelloLaterAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(Backoff.Delay(3, TimeSpan.FromSeconds(1), _behaviour.ReconnectMaxDelay, Random.Shared.NextDouble()), stoppingToken);
            _events.Writer.TryWrite(new RehelloEvent());
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task HelloAsync(CancellationToken cancellationToken)
    {
        _synced = false;
        var hello = await Connection.InvokeAsync<HelloResponse>(SyncProtocol.Hello, new HelloRequest
        {
            Cursor = Cache.Cursor,
            ChainFingerprint = Cache.ChainFingerprint,
            SoftwareVersion = _behaviour.SoftwareVersion,
            AcceptsNewCredential = _behaviour.RotateCredentials,
            HeartbeatSeconds = _behaviour.HeartbeatInterval.TotalSeconds,
            CatchUpMax = _behaviour.CatchUpInHello ? CatchUpBatchSize : 0,
        }, cancellationToken);
        if (Connection.State != HubConnectionState.Connected)
        {
            throw new InvalidOperationException("the connection closed during hello");
        }
        // As the kiosk does (DeviceCredentials.AdoptAsync): keep it (the next connection uses it), then confirm it on this
        // connection, which retires the old one, while the catch-up goes on (decision 0055). A failed confirmation is not
        // a failed Hello: the next connection, made with the new credential, retires the old one just the same.
        var confirming = Task.CompletedTask;
        if (hello.NewCredential is { } fresh)
        {
            _credential = fresh;
            Interlocked.Increment(ref Counters.Rotations);
            confirming = ConfirmAsync(fresh, cancellationToken);
        }
        Chain = hello.Chain;
        _helloDone = true;
        Interlocked.Increment(ref Counters.Hellos);
        if (hello.SnapshotRequired)
        {
            var snapshot = await Connection.InvokeAsync<SyncSnapshot>(SyncProtocol.Snapshot, cancellationToken);
            Cache.ReplaceAll(snapshot);
            Interlocked.Increment(ref Counters.Snapshots);
            Interlocked.Add(ref Counters.ChangesApplied, snapshot.Items.Count);
        }
        await CatchUpAsync(cancellationToken, hello.Changes);
        await confirming;
        Interlocked.Exchange(ref _syncedAt, Stopwatch.GetTimestamp());
        _synced = true;
        _firstSync.TrySetResult();
        _observer.Synced(this);
    }

    private async Task ConfirmAsync(string credential, CancellationToken cancellationToken)
    {
        try
        {
            if (_behaviour.ConfirmOverHub)
            {
                await Connection.InvokeAsync(SyncProtocol.ConfirmCredential, credential, cancellationToken);
                return;
            }
            using var confirm = new HttpRequestMessage(HttpMethod.Post, _confirmUri);
            confirm.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", credential);
            using var confirmed = await Http.SendAsync(confirm, cancellationToken);
            confirmed.EnsureSuccessStatusCode();
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref Counters.ConfirmFailures);
            _observer.StepFailed(this, "confirm", e);
        }
    }

    private int CatchUpBatchSize => Math.Clamp(_behaviour.CatchUpBatchSize, 1, SyncProtocol.MaxBatch);

    /// <param name="first">The batch Hello brought, or null to ask for it.</param>
    private async Task CatchUpAsync(CancellationToken cancellationToken, ChangeBatch? first = null)
    {
        var fetched = new List<SyncChange>();
        while (true)
        {
            var batch = first ?? await Connection.InvokeAsync<ChangeBatch>(SyncProtocol.CatchUp, Cache.Cursor, CatchUpBatchSize, cancellationToken);
            first = null;
            if (batch.Changes.Count > 0)
            {
                if (!SyncRules.IsOrderedAfter(Cache.Cursor, batch.Changes))
                {
                    throw new InvalidOperationException("the controller sent a catch-up batch out of order");
                }
                Cache.Apply(batch.Changes, batch.Changes[^1].Seq);
                Interlocked.Add(ref Counters.ChangesApplied, batch.Changes.Count);
                fetched.AddRange(batch.Changes);
            }
            if (!batch.More)
            {
                break;
            }
        }
        if (fetched.Count > 0)
        {
            Interlocked.Increment(ref Counters.CatchUps);
        }
        await AckAsync(cancellationToken);
        await ReactAsync(fetched, cancellationToken);
    }

    private async Task ApplyLiveAsync(ChangeBatch batch, CancellationToken cancellationToken)
    {
        var cursor = Cache.Cursor;
        var apply = new List<SyncChange>(batch.Changes.Count);
        var gap = false;
        foreach (var change in batch.Changes)
        {
            var decision = SyncRules.Decide(cursor, change);
            if (decision == SyncDecision.CatchUp)
            {
                gap = true;
                break;
            }
            if (decision == SyncDecision.Apply)
            {
                apply.Add(change);
                cursor = change.Seq;
            }
        }
        if (apply.Count > 0)
        {
            Cache.Apply(apply, cursor);
            Interlocked.Add(ref Counters.ChangesApplied, apply.Count);
        }
        if (gap)
        {
            Interlocked.Increment(ref Counters.Gaps);
            await CatchUpAsync(cancellationToken);
        }
        else if (apply.Count > 0)
        {
            await AckAsync(cancellationToken);
        }
        await ReactAsync(apply, cancellationToken);
    }

    private async Task AckAsync(CancellationToken cancellationToken)
    {
        var cursor = Cache.Cursor;
        await Connection.SendAsync(SyncProtocol.Ack, cursor, cancellationToken);
        var now = Stopwatch.GetTimestamp();
        if (cursor > _lastAck.Seq)
        {
            // Only this kiosk's loop writes it; readers take the whole record at once.
            Volatile.Write(ref _lastAck, new AckMark(cursor, now));
        }
        _observer.Acked(this, cursor, now);
    }

    private async Task ReactAsync(List<SyncChange> changes, CancellationToken cancellationToken)
    {
        if (_behaviour.Reactions.Count == 0)
        {
            return;
        }
        foreach (var change in changes)
        {
            if (_behaviour.Reactions.TryGetValue(change.Kind, out var reaction))
            {
                await reaction(this, change, cancellationToken);
                Interlocked.Increment(ref Counters.ReactionsRun);
            }
        }
    }

    private void MarkDropped()
    {
        if (_helloDone || _synced)
        {
            Interlocked.Increment(ref Counters.Drops);
        }
        _helloDone = false;
        _synced = false;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _events.Writer.TryComplete();
        try
        {
            await Connection.DisposeAsync();
        }
        catch (Exception)
        {
            // Stopping a connection mid-reconnect can throw; the kiosk is going away anyway.
        }
        await _loop.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }
}
