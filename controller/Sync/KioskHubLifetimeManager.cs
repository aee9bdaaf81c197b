using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace SignageKiosk.Controller.Sync;

/// <summary>
/// SignalR's in-memory lifetime manager for the kiosk hub, which also hands out each connection's
/// <see cref="HubConnectionContext"/>: the dispatcher writes pre-serialised pushes to it directly, so a change
/// fanned out to thousands of kiosks is turned into bytes once, not once per connection (docs/decisions/0038).
/// </summary>
public sealed class KioskHubLifetimeManager(ILogger<DefaultHubLifetimeManager<KioskHub>> logger) : DefaultHubLifetimeManager<KioskHub>(logger)
{
    private readonly ConcurrentDictionary<string, HubConnectionContext> _connections = new(StringComparer.Ordinal);

    /// <summary>The live connection with that id, or null once it has gone.</summary>
    public HubConnectionContext? Find(string connectionId) => _connections.GetValueOrDefault(connectionId);

    public override Task OnConnectedAsync(HubConnectionContext connection)
    {
        _connections[connection.ConnectionId] = connection;
        return base.OnConnectedAsync(connection);
    }

    public override Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        _connections.TryRemove(connection.ConnectionId, out _);
        return base.OnDisconnectedAsync(connection);
    }
}
