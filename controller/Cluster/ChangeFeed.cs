using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Npgsql;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Controller.Sync;
using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Controller.Cluster;

/// <summary>
/// On PostgreSQL, how a node learns of every committed change, its own and other nodes' alike (decision 0040): it
/// tails the change log from its own cursor and hands each change, in sequence order, to its dispatcher. A
/// notification only wakes it early; without one it reads every <see cref="ClusterOptions.PollInterval"/>, and after
/// its listening connection is lost (PostgreSQL restarted) it reconnects and reads on from the same cursor, so a
/// missed notification costs latency, never a change. On SQLite there is one node and the publisher hands changes
/// to the dispatcher itself; this service then does nothing. The same listening connection carries the nodes' other
/// signals (say Hello again, capture a screenshot, cut a copy's connections): each is handed to its
/// <see cref="IClusterListener"/>.
/// </summary>
public sealed class ChangeFeed(ControllerDb db, ChangeDispatcher dispatcher, IEnumerable<IClusterListener> listeners, IOptions<ClusterOptions> options,
    ILogger<ChangeFeed> logger) : BackgroundService
{
    private readonly Dictionary<string, IClusterListener> _listeners = listeners.ToDictionary(l => l.Channel, StringComparer.Ordinal);
    private readonly ConcurrentQueue<(IClusterListener Listener, string Payload)> _signals = new();
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(250);
    private readonly ConcurrentQueue<RehelloTarget> _rehellos = new();
    private long _cursor;
    private TimeSpan _retry = FirstRetry;

    /// <summary>The last change handed to the dispatcher.</summary>
    public long Cursor => Interlocked.Read(ref _cursor);

    /// <summary>Called once at start with the head the dispatcher starts from, so nothing between the two is skipped.</summary>
    public void StartFrom(long head) => Interlocked.Exchange(ref _cursor, head);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (db.Provider != StoreProvider.PostgreSql)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await FollowAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Lost the change log's notifications at sequence {Cursor}; reconnecting in {Delay}", Cursor, _retry);
                await Task.Delay(_retry, stoppingToken);
                _retry = TimeSpan.FromMilliseconds(Math.Min(_retry.TotalMilliseconds * 2, 5_000));
            }
        }
    }

    private async Task FollowAsync(CancellationToken stoppingToken)
    {
        await using var connection = (NpgsqlConnection)await db.OpenAsync(stoppingToken);
        connection.Notification += (_, e) =>
        {
            if (e.Channel == ClusterChannels.Rehello && RehelloTarget.Parse(e.Payload) is { } target)
            {
                _rehellos.Enqueue(target);
            }
            else if (_listeners.TryGetValue(e.Channel, out var listener))
            {
                _signals.Enqueue((listener, e.Payload));
            }
        };
        var channels = new[] { ClusterChannels.Changes, ClusterChannels.Rehello }.Concat(_listeners.Keys);
        await connection.ExecAsync(string.Concat(channels.Select(c => $"LISTEN {c}; ")), null, stoppingToken);
        logger.LogInformation("Following the change log from sequence {Cursor}", Cursor);
        _retry = FirstRetry;
        while (true)
        {
            // Read first: whatever committed while this connection was not listening is in the log.
            await ReadAsync(connection, stoppingToken);
            while (_rehellos.TryDequeue(out var target))
            {
                await dispatcher.RequestRehelloAsync(target.Matches);
            }
            while (_signals.TryDequeue(out var signal))
            {
                await SignalAsync(signal.Listener, signal.Payload, stoppingToken);
            }
            await connection.WaitAsync(options.Value.PollInterval, stoppingToken);
        }
    }

    private async Task SignalAsync(IClusterListener listener, string payload, CancellationToken cancellationToken)
    {
        try
        {
            await listener.OnNotificationAsync(payload, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // One listener's failure (the store busy, say) must not cost this node its place in the change log.
            logger.LogWarning(e, "Could not act on a notification on {Channel}", listener.Channel);
        }
    }

    private async Task ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var batch = options.Value.ReadBatch;
        while (true)
        {
            var read = await ChangeLog.ReadAllAfterAsync(connection, Cursor, batch, cancellationToken);
            foreach (var change in read)
            {
                dispatcher.Enqueue(change);
                Interlocked.Exchange(ref _cursor, change.Seq);
            }
            if (read.Count < batch)
            {
                return;
            }
        }
    }
}
