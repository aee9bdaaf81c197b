using System.Globalization;
using Microsoft.Extensions.Options;
using SignageKiosk.Controller.Places;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Controller.Sync;

namespace SignageKiosk.Controller.Cluster;

/// <summary>
/// Which kiosks are connected, to any node (decision 0040). On SQLite there is one node and its sessions are the
/// answer. On PostgreSQL each node records its kiosks' connections (one row per Hello, removed at disconnect) and
/// keeps its own row in cluster_nodes fresh; a connection counts while its node is fresh, so a node that dies stops
/// counting within <see cref="ClusterOptions.NodeTimeout"/> even though nobody removed its rows.
/// </summary>
public sealed class KioskPresence(ControllerDb db, KioskSessions sessions, TimeProvider time, IOptions<ClusterOptions> options, ILogger<KioskPresence> logger)
{
    /// <summary>This process's node: new at every start, so a restarted node never adopts the rows of its previous life.</summary>
    public string Node { get; } = Guid.NewGuid().ToString("N");

    private volatile bool _stale;

    private bool Shared => db.Provider == StoreProvider.PostgreSql;

    private string Stamp(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    private string FreshSince => Stamp(time.GetUtcNow() - options.Value.NodeTimeout);

    /// <summary>Registers this node and forgets nodes that have not been seen for ten timeouts (and their connections).</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!Shared)
        {
            return;
        }
        var now = time.GetUtcNow();
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecAsync(
            """
            INSERT INTO cluster_nodes(node, name, started_at, seen_at) VALUES (@node, @name, @now, @now);
            DELETE FROM kiosk_presence WHERE node IN (SELECT node FROM cluster_nodes WHERE seen_at < @gone);
            DELETE FROM cluster_nodes WHERE seen_at < @gone;
            """, null, cancellationToken, ("@node", Node), ("@name", $"{Environment.MachineName}:{Environment.ProcessId}"), ("@now", Stamp(now)),
            ("@gone", Stamp(now - options.Value.NodeTimeout * 10)));
        logger.LogInformation("Node {Node} joined the cluster", Node);
    }

    /// <summary>The other nodes alive now (seen within <see cref="ClusterOptions.NodeTimeout"/>): id and host:pid. None on SQLite.</summary>
    public async Task<IReadOnlyList<(string Node, string Name)>> OtherLiveNodesAsync(CancellationToken cancellationToken)
    {
        if (!Shared)
        {
            return [];
        }
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<NodeRow>("SELECT node, name FROM cluster_nodes WHERE seen_at >= @fresh AND node <> @node ORDER BY node;",
            null, cancellationToken, ("@fresh", FreshSince), ("@node", Node));
        return [.. rows.Select(r => (r.Node, r.Name))];
    }

    private sealed class NodeRow
    {
        public string Node { get; init; } = "";
        public string Name { get; init; } = "";
    }

    /// <summary>Says this node is alive (called with every ack flush).</summary>
    public async Task BeatAsync(CancellationToken cancellationToken)
    {
        if (!Shared)
        {
            return;
        }
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecAsync("UPDATE cluster_nodes SET seen_at = @now WHERE node = @node;", null, cancellationToken,
            ("@node", Node), ("@now", Stamp(time.GetUtcNow())));
        if (_stale)
        {
            _stale = false;
            await connection.ExecAsync("DELETE FROM kiosk_presence WHERE node = @node AND NOT (connection_id = ANY(@live));", null, cancellationToken,
                ("@node", Node), ("@live", sessions.All.Select(s => s.ConnectionId).ToArray()));
        }
    }

    public async Task ConnectedAsync(KioskSession session, CancellationToken cancellationToken)
    {
        if (!Shared)
        {
            return;
        }
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecAsync(
            """
            INSERT INTO kiosk_presence(connection_id, node, kiosk_id, connected_at) VALUES (@connection, @node, @kiosk, @now)
                ON CONFLICT(node, connection_id) DO UPDATE SET kiosk_id = excluded.kiosk_id, connected_at = excluded.connected_at;
            """, null, cancellationToken, ("@connection", session.ConnectionId), ("@node", Node), ("@kiosk", session.KioskId), ("@now", Stamp(time.GetUtcNow())));
    }

    public async Task DisconnectedAsync(string connectionId, CancellationToken cancellationToken)
    {
        if (!Shared)
        {
            return;
        }
        try
        {
            await using var connection = await db.OpenAsync(cancellationToken);
            await connection.ExecAsync("DELETE FROM kiosk_presence WHERE node = @node AND connection_id = @connection;", null, cancellationToken,
                ("@node", Node), ("@connection", connectionId));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The store is away (restarting): the next beat removes what this node no longer holds.
            _stale = true;
            logger.LogWarning(e, "Could not record that connection {ConnectionId} closed", connectionId);
        }
    }

    /// <summary>The kiosks connected to any live node.</summary>
    public async Task<IReadOnlySet<string>> ConnectedKiosksAsync(CancellationToken cancellationToken)
    {
        var connected = sessions.All.Select(s => s.KioskId).ToHashSet(StringComparer.Ordinal);
        if (!Shared)
        {
            return connected;
        }
        await using var connection = await db.OpenAsync(cancellationToken);
        foreach (var kioskId in await connection.QueryAsync<string>(
            "SELECT DISTINCT p.kiosk_id FROM kiosk_presence p JOIN cluster_nodes n ON n.node = p.node WHERE n.seen_at >= @fresh;",
            null, cancellationToken, ("@fresh", FreshSince)))
        {
            connected.Add(kioskId);
        }
        return connected;
    }

    /// <summary>Whether the kiosk is connected to this node or to any live one.</summary>
    public async Task<bool> IsConnectedAsync(string kioskId, CancellationToken cancellationToken)
    {
        if (sessions.OfKiosk(kioskId).Count > 0)
        {
            return true;
        }
        if (!Shared)
        {
            return false;
        }
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.ScalarAsync<long>(
            """
            SELECT count(*) FROM kiosk_presence p JOIN cluster_nodes n ON n.node = p.node
            WHERE p.kiosk_id = @kiosk AND n.seen_at >= @fresh;
            """, null, cancellationToken, ("@kiosk", kioskId), ("@fresh", FreshSince)) > 0;
    }

    /// <summary>How many kiosks in the area under <paramref name="scope"/> (or everywhere) are connected to any live node.</summary>
    public async Task<int> CountAsync(string? scope, CancellationToken cancellationToken)
    {
        if (!Shared)
        {
            return scope is null ? sessions.All.Select(s => s.KioskId).Distinct(StringComparer.Ordinal).Count()
                : sessions.Matching(s => s.Chain.Contains(scope, StringComparer.Ordinal)).Select(s => s.KioskId).Distinct(StringComparer.Ordinal).Count();
        }
        await using var connection = await db.OpenAsync(cancellationToken);
        var live = "SELECT DISTINCT p.kiosk_id FROM kiosk_presence p JOIN cluster_nodes n ON n.node = p.node WHERE n.seen_at >= @fresh";
        return scope is null
            ? await connection.ScalarAsync<int>($"SELECT count(*) FROM ({live}) AS live;", null, cancellationToken, ("@fresh", FreshSince))
            : await connection.ScalarAsync<int>(
                $"""
                WITH RECURSIVE {PlaceArea.Cte}
                SELECT count(*) FROM ({live}) AS live JOIN kiosks k ON k.id = live.kiosk_id LEFT JOIN stations s ON s.id = k.station_id
                WHERE coalesce(k.place_id, s.place_id) IN (SELECT id FROM area);
                """, null, cancellationToken, ("@fresh", FreshSince), ("@scope", scope));
    }
}
