using Microsoft.AspNetCore.SignalR.Client;

namespace SignageKiosk.Kiosk.Sync;

/// <summary>
/// The hub connection, for other parts of the kiosk that call the controller (e.g. the display upload), once the
/// sync client has said hello on it. The sync client still owns the connection and its life.
/// </summary>
public sealed class ControllerLink
{
    private volatile HubConnection? _connection;

    /// <summary>The connection while it is up and past hello; null otherwise.</summary>
    public HubConnection? Connection => _connection is { State: HubConnectionState.Connected } connection ? connection : null;

    /// <summary>Raised after every successful hello (first connect and each reconnect).</summary>
    public event Action? Ready;

    public void Up(HubConnection connection)
    {
        _connection = connection;
        Ready?.Invoke();
    }

    public void Down() => _connection = null;
}
