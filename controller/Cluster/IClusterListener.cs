namespace SignageKiosk.Controller.Cluster;

/// <summary>
/// Something every node must do when any node asks, told through a PostgreSQL notification on <see cref="Channel"/>
/// (<see cref="ChangeFeed"/> listens and calls it, on the node that sent it too). A notification can be lost (while the
/// listening connection is re-opened), so what a listener does must be safe to miss or to repeat.
/// </summary>
public interface IClusterListener
{
    string Channel { get; }

    Task OnNotificationAsync(string payload, CancellationToken cancellationToken);
}
