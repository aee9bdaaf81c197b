using SignageKiosk.Shared.Board;

namespace SignageKiosk.Shared.Screen;

/// <summary>
/// What a kiosk does with its screen now: on (within its station's hours, or woken by a touch) or off, and the
/// next instant at which that may change, for a timer.
/// </summary>
public sealed record ScreenDecision(bool On, bool Woken, DateTimeOffset? NextChange)
{
    public static ScreenDecision For(ScreenHours? hours, StationClock clock, DateTimeOffset now, DateTimeOffset? wakeUntil)
    {
        if (hours is null)
        {
            return new ScreenDecision(true, false, null);
        }
        var change = ScreenSchedule.NextChange(hours, clock, now);
        if (ScreenSchedule.IsOn(hours, clock, now))
        {
            return new ScreenDecision(true, false, change);
        }
        if (wakeUntil is { } until && until > now)
        {
            return new ScreenDecision(true, true, change is { } scheduled && scheduled < until ? scheduled : until);
        }
        return new ScreenDecision(false, false, change);
    }
}
