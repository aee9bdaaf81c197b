using System.Reflection;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Options;
using SignageKiosk.Kiosk.Broadcasts;
using SignageKiosk.Kiosk.Cache;
using SignageKiosk.Kiosk.Clock;
using SignageKiosk.Kiosk.Media;
using SignageKiosk.Kiosk.Pairing;
using SignageKiosk.Shared.Fleet;
using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Kiosk.Sync;

/// <summary>
/// Keeps the cache in step with the controller. Everything that touches the cursor runs on one loop, in
/// order: hello, snapshot or catch-up, live pushes, heartbeats. A push whose Prev the kiosk does not hold
/// reveals a gap and triggers a catch-up from the cursor; the cursor is the truth, pushes are hints.
/// </summary>
public sealed class SyncClient(
    KioskCache cache,
    ControllerPublicUrl publicUrl,
    SyncStatus status,
    ControllerLink link,
    ControllerEndpoints endpoints,
    WireCounter wire,
    DeviceCredentials credentials,
    ScreenState screen,
    ScreenshotService screenshots,
    BroadcastReports broadcastReports,
    MediaStatus mediaStatus,
    Updates.UpdateAgent updates,
    IOptions<KioskOptions> options,
    KioskClock time,
    ILogger<SyncClient> logger) : BackgroundService
{
    private abstract record SyncEvent;
    private sealed record ConnectedEvent : SyncEvent;
    private sealed record ClosedEvent : SyncEvent;
    private sealed record LiveEvent(ChangeBatch Batch) : SyncEvent;
    private sealed record RehelloEvent : SyncEvent;
    private sealed record HeartbeatEvent : SyncEvent;
    private sealed record ReportEvent : SyncEvent;

    private static readonly string Version = Updates.KioskVersion.Current;

    private readonly Channel<SyncEvent> _events = Channel.CreateUnbounded<SyncEvent>(new UnboundedChannelOptions { SingleReader = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!endpoints.Configured)
        {
            status.State = "standalone";
            logger.LogWarning("No controller URL configured; showing the cache only");
            return;
        }
        if (credentials.Current is null)
        {
            // Not given up: pairing (or an operator) provides one, and syncing starts without a restart.
            status.State = "unpaired";
            logger.LogWarning("No device credential yet; showing the cache until this kiosk is paired");
            await credentials.WaitAsync(stoppingToken);
        }
        await using var connection = Build(settings);
        connection.On<ChangeBatch>(SyncProtocol.Changes, batch => _events.Writer.TryWrite(new LiveEvent(batch)));
        connection.On(SyncProtocol.Rehello, () => _events.Writer.TryWrite(new RehelloEvent()));
        connection.On<ScreenshotRequest>(SyncProtocol.CaptureScreenshot, screenshots.Enqueue);
        connection.On<Shared.Updates.UpdateOffer>(SyncProtocol.OfferUpdate, updates.Offer);
        connection.Reconnecting += error =>
        {
            MarkDisconnected(error);
            return Task.CompletedTask;
        };
        connection.Reconnected += _ =>
        {
            _events.Writer.TryWrite(new ConnectedEvent());
            return Task.CompletedTask;
        };
        connection.Closed += error =>
        {
            MarkDisconnected(error);
            _events.Writer.TryWrite(new ClosedEvent());
            return Task.CompletedTask;
        };

        broadcastReports.Added += () => _events.Writer.TryWrite(new ReportEvent());

        _ = ConnectAsync(connection, stoppingToken);
        _ = HeartbeatAsync(settings.HeartbeatInterval, stoppingToken);

        await foreach (var syncEvent in _events.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                switch (syncEvent)
                {
                    case ConnectedEvent or RehelloEvent when connection.State == HubConnectionState.Connected:
                        await HelloAsync(connection, stoppingToken);
                        break;
                    case ClosedEvent:
                        _ = ConnectAsync(connection, stoppingToken);
                        break;
                    case LiveEvent live when status.Connected:
                        await ApplyLiveAsync(connection, live.Batch, stoppingToken);
                        break;
                    case HeartbeatEvent when status.Connected && connection.State == HubConnectionState.Connected:
                        await CatchUpAsync(connection, stoppingToken);
                        // Pushed offers are hints: a kiosk connected to another node, or one that missed the push, asks.
                        updates.Check();
                        break;
                    case ReportEvent when status.Connected && connection.State == HubConnectionState.Connected:
                        await ReportBroadcastsAsync(connection, stoppingToken);
                        break;
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The connection dropped mid-exchange or the controller refused: the reconnect path retries.
                status.LastError = e.Message;
                logger.LogWarning("Sync step {Step} failed: {Message}", syncEvent.GetType().Name, e.Message);
                if (connection.State != HubConnectionState.Connected)
                {
                    status.Connected = false;
                    status.State = "offline";
                }
                if (syncEvent is ConnectedEvent or RehelloEvent && connection.State == HubConnectionState.Connected)
                {
                    // Hello itself failed (for example the kiosk was removed): retry it after a pause.
                    _ = RetryLaterAsync(new RehelloEvent(), settings.ReconnectMaxDelay, stoppingToken);
                }
            }
        }
    }

    private HubConnection Build(KioskOptions settings) =>
        HubConnections.Build(endpoints, settings.Sync.Transport, () => credentials.Current, wire,
            new JitteredRetryPolicy(settings.ReconnectInitialDelay, settings.ReconnectMaxDelay), TimeSpan.FromSeconds(10));

    /// <summary>The first connect is not covered by automatic reconnect, so it has its own backoff loop.</summary>
    private async Task ConnectAsync(HubConnection connection, CancellationToken stoppingToken)
    {
        var settings = options.Value;
        for (var attempt = 0; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                status.State = "connecting";
                await connection.StartAsync(stoppingToken);
                _events.Writer.TryWrite(new ConnectedEvent());
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                status.LastError = e.Message;
                status.State = "offline";
                var delay = JitteredRetryPolicy.NextDelay(attempt, e, settings.ReconnectInitialDelay, settings.ReconnectMaxDelay, Random.Shared.NextDouble());
                logger.LogInformation("Controller unreachable ({Message}); retrying in {Delay}", e.Message, delay);
                try
                {
                    await Task.Delay(delay, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task HeartbeatAsync(TimeSpan interval, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                _events.Writer.TryWrite(new HeartbeatEvent());
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RetryLaterAsync(SyncEvent syncEvent, TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(Backoff.Delay(3, TimeSpan.FromSeconds(1), delay, Random.Shared.NextDouble()), time, stoppingToken);
            _events.Writer.TryWrite(syncEvent);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task HelloAsync(HubConnection connection, CancellationToken cancellationToken)
    {
        var sentAt = time.DeviceNow();
        var hello = await connection.InvokeAsync<HelloResponse>(SyncProtocol.Hello, new HelloRequest
        {
            Cursor = cache.Cursor,
            ChainFingerprint = cache.ChainFingerprint,
            SoftwareVersion = Version,
            AcceptsNewCredential = true,
            ScreenOff = screen.Off,
            StorageFull = mediaStatus.StorageFull,
            HeartbeatSeconds = options.Value.HeartbeatInterval.TotalSeconds,
            InstallationId = InstallationId.Read(options.Value),
            DeviceTime = sentAt,
            CatchUpMax = CatchUpBatchSize,
        }, cancellationToken);
        var answeredAt = time.DeviceNow();
        // Stored durably before anything uses it, then confirmed on this connection, which retires the old one
        // (decisions 0008, 0055); the catch-up goes on meanwhile, and the confirmation is awaited before "in sync".
        var adopting = hello.NewCredential is { } fresh
            ? credentials.AdoptAsync(fresh, hello.KioskId, (credential, ct) => connection.InvokeAsync(SyncProtocol.ConfirmCredential, credential, ct), cancellationToken)
            : Task.FromResult<string?>(null);
        if (connection.State != HubConnectionState.Connected)
        {
            // Dropped while saying hello (a refused copy is cut right here): not online.
            throw new InvalidOperationException("the connection closed during hello");
        }
        status.Connected = true;
        status.ConnectedSince = time.GetUtcNow();
        // The controller's clock read ServerTime about half-way through the round trip. Schedules run on the
        // corrected clock from here on, offline too, until the next hello measures again.
        publicUrl.Save(hello.PublicUrl);
        status.ClockOffset = hello.ServerTime - (sentAt + (answeredAt - sentAt) / 2);
        time.Correct(status.ClockOffset.Value);
        status.State = "online";
        if (hello.SnapshotRequired)
        {
            var snapshot = await connection.InvokeAsync<SyncSnapshot>(SyncProtocol.Snapshot, cancellationToken);
            Counted(snapshot.Items.Count, () => cache.ReplaceAll(snapshot, hello.KioskId));
            logger.LogInformation("Loaded a snapshot of {Count} records at sequence {Seq}", snapshot.Items.Count, snapshot.Seq);
        }
        await CatchUpAsync(connection, cancellationToken, hello.Changes);
        if (await adopting is { } problem)
        {
            status.LastError = problem;
        }
        logger.LogInformation("In sync with the controller at sequence {Seq}", cache.Cursor);
        link.Up(connection);
        await ReportBroadcastsAsync(connection, cancellationToken);
    }

    private int CatchUpBatchSize => Math.Clamp(options.Value.CatchUpBatchSize, 1, SyncProtocol.MaxBatch);

    /// <param name="first">The batch Hello brought (decision 0055), or null to ask for it.</param>
    private async Task CatchUpAsync(HubConnection connection, CancellationToken cancellationToken, ChangeBatch? first = null)
    {
        var fetched = 0;
        while (true)
        {
            var batch = first ?? await connection.InvokeAsync<ChangeBatch>(SyncProtocol.CatchUp, cache.Cursor, CatchUpBatchSize, cancellationToken);
            first = null;
            if (batch.Changes.Count > 0)
            {
                if (!SyncRules.IsOrderedAfter(cache.Cursor, batch.Changes))
                {
                    throw new InvalidOperationException("the controller sent a catch-up batch out of order");
                }
                Counted(batch.Changes.Count, () => cache.Apply(batch.Changes, batch.Changes[^1].Seq));
                fetched += batch.Changes.Count;
            }
            if (!batch.More)
            {
                break;
            }
        }
        if (fetched > 0)
        {
            status.CountCatchUp();
        }
        status.LastSyncAt = time.GetUtcNow();
        await connection.SendAsync(SyncProtocol.Ack, cache.Cursor, cancellationToken);
    }

    private async Task ApplyLiveAsync(HubConnection connection, ChangeBatch batch, CancellationToken cancellationToken)
    {
        var cursor = cache.Cursor;
        var apply = new List<SyncChange>(batch.Changes.Count);
        var gap = false;
        foreach (var change in batch.Changes)
        {
            switch (SyncRules.Decide(cursor, change))
            {
                case SyncDecision.Apply:
                    apply.Add(change);
                    cursor = change.Seq;
                    break;
                case SyncDecision.CatchUp:
                    gap = true;
                    break;
            }
            if (gap)
            {
                break;
            }
        }
        if (apply.Count > 0)
        {
            Counted(apply.Count, () => cache.Apply(apply, cursor));
            status.LastSyncAt = time.GetUtcNow();
        }
        if (gap)
        {
            status.CountGap();
            logger.LogWarning("Gap in the change stream after {Cursor}; catching up", cursor);
            await CatchUpAsync(connection, cancellationToken);
        }
        else if (apply.Count > 0)
        {
            await connection.SendAsync(SyncProtocol.Ack, cursor, cancellationToken);
        }
    }

    /// <summary>
    /// Counts the changes before the cursor moves (and takes the count back if applying fails), so whoever reads the
    /// new cursor on /healthz also reads its changes in the count: the store's commit, the good copy after a
    /// snapshot and the board's refresh all sit between the two.
    /// </summary>
    private void Counted(int count, Action apply)
    {
        status.CountApplied(count);
        try
        {
            apply();
        }
        catch
        {
            status.CountApplied(-count);
            throw;
        }
    }

    private async Task ReportBroadcastsAsync(HubConnection connection, CancellationToken cancellationToken)
    {
        foreach (var (broadcastId, displayedAt) in broadcastReports.Pending())
        {
            await connection.InvokeAsync(SyncProtocol.BroadcastDisplayed, broadcastId, displayedAt, cancellationToken);
            broadcastReports.Sent(broadcastId, displayedAt);
            logger.LogInformation("Reported broadcast {BroadcastId} displayed at {DisplayedAt}", broadcastId, displayedAt);
        }
    }

    private void MarkDisconnected(Exception? error)
    {
        link.Down();
        status.Connected = false;
        status.State = "offline";
        if (error is not null)
        {
            status.LastError = error.Message;
        }
        logger.LogWarning("Lost the controller: {Message}", error?.Message ?? "closed");
    }
}
