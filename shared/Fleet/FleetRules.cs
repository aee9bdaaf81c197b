namespace SignageKiosk.Shared.Fleet;

/// <summary>
/// Online, offline, screen off or never seen. The one rule: silence longer than the heartbeat window is
/// Offline, whatever the kiosk last reported; within the window, a screen switched off on purpose is
/// <see cref="KioskState.ScreenOffBySchedule"/>, never a fault.
/// </summary>
public static class FleetRules
{
    public static readonly TimeSpan DefaultHeartbeat = TimeSpan.FromSeconds(30);
    public const int DefaultMissedHeartbeats = 3;

    /// <summary>Declared intervals outside these bounds are clamped, so a bad report cannot hide a dead kiosk for days.</summary>
    public static readonly TimeSpan MinHeartbeat = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxHeartbeat = TimeSpan.FromMinutes(10);

    /// <summary>A kiosk clock further than this from the controller's is shown as a warning on the fleet page.</summary>
    public static readonly TimeSpan ClockWarningThreshold = TimeSpan.FromMinutes(1);

    public static bool IsClockFar(TimeSpan skew) => skew.Duration() > ClockWarningThreshold;

    public static KioskState StateOf(KioskLiveness kiosk, DateTimeOffset now, TimeSpan defaultHeartbeat, int missedHeartbeats)
    {
        if (kiosk.LastSeen is not { } lastSeen)
        {
            return KioskState.NeverSeen;
        }
        if (now - lastSeen > OfflineAfter(kiosk.HeartbeatInterval, defaultHeartbeat, missedHeartbeats))
        {
            return KioskState.Offline;
        }
        return kiosk.ScreenOff ? KioskState.ScreenOffBySchedule : KioskState.Online;
    }

    /// <summary>How long a kiosk may be silent before it counts as offline.</summary>
    public static TimeSpan OfflineAfter(TimeSpan? declared, TimeSpan defaultHeartbeat, int missedHeartbeats)
    {
        var interval = declared ?? defaultHeartbeat;
        if (interval < MinHeartbeat)
        {
            interval = MinHeartbeat;
        }
        else if (interval > MaxHeartbeat)
        {
            interval = MaxHeartbeat;
        }
        return interval * Math.Max(1, missedHeartbeats);
    }
}
