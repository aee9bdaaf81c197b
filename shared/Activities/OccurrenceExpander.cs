namespace SignageKiosk.Shared.Activities;

/// <summary>Expands an activity's recurrence into occurrences overlapping a station-local window.</summary>
public static class OccurrenceExpander
{
    public static IEnumerable<Occurrence> Expand(Activity activity, DateTime windowStart, DateTime windowEnd)
    {
        var duration = activity.End - activity.Start;
        var rule = activity.Recurrence;
        if (rule is null || rule.Frequency == RecurrenceFrequency.None)
        {
            if (activity.End > windowStart && activity.Start < windowEnd)
            {
                yield return new Occurrence(activity, activity.Start, activity.End);
            }
            yield break;
        }

        var interval = Math.Max(1, rule.Interval);
        var until = rule.Until?.ToDateTime(TimeOnly.MaxValue) ?? DateTime.MaxValue;
        var time = activity.Start.TimeOfDay;
        var firstDay = activity.Start.Date;
        // Start far enough back that an occurrence begun before the window but still running is included.
        var day = windowStart.Date.AddDays(-Math.Max(1, (int)Math.Ceiling(duration.TotalDays)));
        if (day < firstDay)
        {
            day = firstDay;
        }
        var days = rule.DaysOfWeek.Count > 0 ? rule.DaysOfWeek : [activity.Start.DayOfWeek];
        for (; day < windowEnd && day <= until; day = day.AddDays(1))
        {
            if (!Matches(rule, interval, days, firstDay, day) || rule.Exceptions.Contains(DateOnly.FromDateTime(day)))
            {
                continue;
            }
            var start = day + time;
            var end = start + duration;
            if (start > until || start < activity.Start)
            {
                continue;
            }
            if (end > windowStart && start < windowEnd)
            {
                yield return new Occurrence(activity, start, end);
            }
        }
    }

    private static bool Matches(Recurrence rule, int interval, IReadOnlyList<DayOfWeek> days, DateTime firstDay, DateTime day)
    {
        switch (rule.Frequency)
        {
            case RecurrenceFrequency.Daily:
                return (day - firstDay).Days % interval == 0;
            case RecurrenceFrequency.Weekly:
                if (!days.Contains(day.DayOfWeek))
                {
                    return false;
                }
                var weekOfFirst = firstDay.AddDays(-(((int)firstDay.DayOfWeek + 6) % 7));
                var weekOfDay = day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
                return ((weekOfDay - weekOfFirst).Days / 7) % interval == 0;
            case RecurrenceFrequency.Monthly:
                var months = (day.Year - firstDay.Year) * 12 + day.Month - firstDay.Month;
                if (months % interval != 0)
                {
                    return false;
                }
                if (rule.WeekOfMonth is { } week)
                {
                    if (day.DayOfWeek != days[0])
                    {
                        return false;
                    }
                    // The last one: a week later is already next month.
                    return week == -1 ? day.AddDays(7).Month != day.Month : (day.Day - 1) / 7 + 1 == week;
                }
                // On the 31st: in a shorter month, its last day (residents expect it that month, not never).
                return day.Day == Math.Min(firstDay.Day, DateTime.DaysInMonth(day.Year, day.Month));
            default:
                return false;
        }
    }
}
