using SignageKiosk.Controller.Storage;
using SignageKiosk.Controller.Sync;

namespace SignageKiosk.Controller.Cluster;

/// <summary>
/// Tells every node's kiosks what this node decided: on SQLite (one node) straight to the local dispatcher; on
/// PostgreSQL through a notification every node listens to (<see cref="ChangeFeed"/>), this one included.
/// </summary>
public sealed class ClusterSignals(ControllerDb db, ChangeDispatcher dispatcher)
{
    public async Task RehelloAsync(RehelloTarget target, CancellationToken cancellationToken)
    {
        if (db.Provider == StoreProvider.Sqlite)
        {
            await dispatcher.RequestRehelloAsync(target.Matches);
            return;
        }
        await NotifyAsync(ClusterChannels.Rehello, target.ToPayload(), cancellationToken);
    }

    /// <summary>
    /// On PostgreSQL, wakes every node's <see cref="IClusterListener"/> for <paramref name="channel"/>, this node's included.
    /// Sent outside any transaction, so it is delivered at once; callers on SQLite act locally instead.
    /// </summary>
    public async Task NotifyAsync(string channel, string payload, CancellationToken cancellationToken)
    {
        if (db.Provider != StoreProvider.PostgreSql)
        {
            throw new InvalidOperationException("cluster notifications need the PostgreSQL store; on SQLite there is one node");
        }
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecAsync("SELECT pg_notify(@channel, @payload);", null, cancellationToken, ("@channel", channel), ("@payload", payload));
    }
}
