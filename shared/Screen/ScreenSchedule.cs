using SignageKiosk.Shared.Board;

namespace SignageKiosk.Shared.Screen;

/// <summary>
/// Whether a station's screen is on at an instant, and when that next changes. Pure: evaluated on the station's
/// wall clock through <see cref="StationClock"/>, so a DST change moves the instants, never the wall-clock hours.
/// A time skipped by the spring change is taken as after the jump (02:30 → 03:30); a time repeated in autumn as
/// its first occurrence. A period that DST shrinks to nothing is dropped.
/// </summary>
public static class ScreenSchedule
{
    /// <summary>How far ahead a change is looked for. Beyond it (always on, or the next exception more than a year off) the answer is null and the caller asks again later.</summary>
    public const int HorizonDays = 400;

    /// <summary>A stretch of real time with the screen on.</summary>
    public readonly record struct OnInterval(DateTimeOffset Start, DateTimeOffset End);

    /// <summary>On at <paramref name="now"/>? No screen hours: always on.</summary>
    public static bool IsOn(ScreenHours? hours, StationClock clock, DateTimeOffset now)
    {
        if (hours is null)
        {
            return true;
        }
        // A period lasts at most a day, so only yesterday's and today's can cover now.
        var today = DateOnly.FromDateTime(clock.ToLocal(now));
        foreach (var interval in Intervals(hours, clock, today.AddDays(-1), today))
        {
            if (interval.Start <= now && now < interval.End)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The first instant after <paramref name="now"/> at which the screen switches on or off; null when none is in sight.</summary>
    public static DateTimeOffset? NextChange(ScreenHours? hours, StationClock clock, DateTimeOffset now)
    {
        if (hours is null)
        {
            return null;
        }
        var today = DateOnly.FromDateTime(clock.ToLocal(now));
        // Most schedules change within a week; look further only when they do not.
        foreach (var days in new[] { 8, HorizonDays })
        {
            var last = today.AddDays(days);
            var merged = Merge(Intervals(hours, clock, today.AddDays(-1), last));
            // Periods starting after the window were not generated: a change at or after its end is not certain.
            var certainBefore = clock.ToInstant(last.AddDays(1).ToDateTime(TimeOnly.MinValue));
            foreach (var interval in merged)
            {
                if (interval.End <= now)
                {
                    continue;
                }
                var change = interval.Start > now ? interval.Start : interval.End;
                if (change < certainBefore)
                {
                    return change;
                }
                break;
            }
        }
        return null;
    }

    /// <summary>The on-intervals of the periods starting from <paramref name="first"/> to <paramref name="last"/> (inclusive), unmerged.</summary>
    public static List<OnInterval> Intervals(ScreenHours hours, StationClock clock, DateOnly first, DateOnly last)
    {
        var exceptions = new Dictionary<DateOnly, IReadOnlyList<ScreenPeriod>>();
        foreach (var exception in hours.Exceptions)
        {
            if (exception.Date >= first && exception.Date <= last)
            {
                exceptions.TryAdd(exception.Date, exception.Periods);
            }
        }
        var weekly = Enum.GetValues<DayOfWeek>().ToDictionary(d => d, hours.PeriodsOn);
        var result = new List<OnInterval>();
        for (var date = first; date <= last; date = date.AddDays(1))
        {
            var periods = exceptions.TryGetValue(date, out var special) ? special : weekly[date.DayOfWeek];
            foreach (var period in periods)
            {
                var start = clock.ToInstant(period.StartOn(date));
                var end = clock.ToInstant(period.EndAfter(date));
                if (end > start)
                {
                    result.Add(new OnInterval(start, end));
                }
            }
        }
        return result;
    }

    /// <summary>Sorted, with overlapping and touching intervals joined (22:00–24:00 then 00:00–06:00 is one night on).</summary>
    public static List<OnInterval> Merge(IEnumerable<OnInterval> intervals)
    {
        var merged = new List<OnInterval>();
        foreach (var interval in intervals.OrderBy(i => i.Start))
        {
            if (merged.Count > 0 && interval.Start <= merged[^1].End)
            {
                if (interval.End > merged[^1].End)
                {
                    merged[^1] = merged[^1] with { End = interval.End };
                }
            }
            else
            {
                merged.Add(interval);
            }
        }
        return merged;
    }
}
