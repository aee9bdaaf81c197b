using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Broadcasts;

namespace SignageKiosk.Shared.Screen;

/// <summary>
/// What a kiosk does with its screen now: on (within its station's hours, for a live emergency broadcast, or woken by
/// a touch) or off, and the next instant at which that may change, for a timer.
/// </summary>
public sealed record ScreenDecision(bool On, bool Woken, DateTimeOffset? NextChange, bool ForBroadcast = false)
{
    public static ScreenDecision For(ScreenHours? hours, StationClock clock, DateTimeOffset now, DateTimeOffset? wakeUntil,
        IReadOnlyList<EmergencyBroadcast>? broadcasts = null)
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
        broadcasts ??= [];
        // An emergency broadcast takes over a screen whatever its hours: on until the last live one ends.
        var live = broadcasts.Where(b => b.IsLiveAt(now)).ToList();
        if (live.Count > 0)
        {
            return new ScreenDecision(true, false, Earliest(change, live.Select(End)), ForBroadcast: true);
        }
        var nextBroadcast = broadcasts.Where(b => b.StartsAt > now && b.IsLiveAt(b.StartsAt)).Select(b => b.StartsAt);
        if (wakeUntil is { } until && until > now)
        {
            return new ScreenDecision(true, true, Earliest(change, nextBroadcast.Append(until)));
        }
        return new ScreenDecision(false, false, Earliest(change, nextBroadcast));
    }

    private static DateTimeOffset End(EmergencyBroadcast broadcast) =>
        broadcast.ClearedAt is { } cleared && cleared < broadcast.EndsAt ? cleared : broadcast.EndsAt;

    private static DateTimeOffset? Earliest(DateTimeOffset? first, IEnumerable<DateTimeOffset> others)
    {
        var earliest = first;
        foreach (var other in others)
        {
            if (earliest is null || other < earliest)
            {
                earliest = other;
            }
        }
        return earliest;
    }
}
