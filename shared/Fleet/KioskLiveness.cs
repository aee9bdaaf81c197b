namespace SignageKiosk.Shared.Fleet;

/// <summary>
/// What the controller last heard from a kiosk. <see cref="LastSeen"/> is the controller's clock at receipt,
/// never the kiosk's, so a kiosk with a wrong clock is judged fairly.
/// </summary>
public sealed record KioskLiveness
{
    public DateTimeOffset? LastSeen { get; init; }
    /// <summary>The kiosk's last report said its screen is off on purpose (schedule, night hours).</summary>
    public bool ScreenOff { get; init; }
    /// <summary>The heartbeat interval the kiosk declared; null when it did not say.</summary>
    public TimeSpan? HeartbeatInterval { get; init; }
}
