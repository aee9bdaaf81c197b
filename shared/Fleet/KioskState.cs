namespace SignageKiosk.Shared.Fleet;

/// <summary>What the fleet list says about one screen.</summary>
public enum KioskState
{
    /// <summary>Registered, but it has never said hello.</summary>
    NeverSeen,
    /// <summary>Heard from within its heartbeat window and its screen is on.</summary>
    Online,
    /// <summary>Heard from within its heartbeat window; its screen is off on purpose. Not a fault.</summary>
    ScreenOffBySchedule,
    /// <summary>Silent for longer than its heartbeat window, whatever it said last.</summary>
    Offline,
}
