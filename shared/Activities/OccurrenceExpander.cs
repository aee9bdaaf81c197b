namespace SignageKiosk.Shared.Activities;

/// <summary>
/// Expands an activity's recurrence into occurrences overlapping a station-local window. Precedence, from
/// strongest: a one-off change for a series date (moved, re-roomed, cancelled); an exception date; a
/// holiday (unless the activity is held on holidays); the series.
/// </summary>
public static class OccurrenceExpander
{
    /// <summary>The occurrences overlapping [windowStart, windowEnd), in order of start. Cancelled ones are included, marked.</summary>
    /// <param name="holidays">Holidays of the board's places; a recurring activity skips them unless held on holidays.</param>
    public static IEnumerable<Occurrence> Expand(Activity activity, DateTime windowStart, DateTime windowEnd, IReadOnlySet<DateOnly>? holidays = null)
    {
        bool Overlaps(DateTime start, DateTime end) => end > windowStart && start < windowEnd;

        var rule = activity.Recurrence;
        if (rule is null || rule.Frequency == RecurrenceFrequency.None)
        {
            // A one-off activity was put on its date on purpose: holidays do not remove it.
            return Overlaps(activity.Start, activity.End) ? [new Occurrence(activity, activity.Start, activity.End)] : [];
        }

        var duration = activity.End - activity.Start;
        var time = activity.Start.TimeOfDay;
        var changes = ChangesByDate(activity);
        var result = new List<Occurrence>();

        // Start far enough back that an occurrence begun before the window but still running is included.
        var day = windowStart.Date.AddDays(-Math.Max(1, (int)Math.Ceiling(duration.TotalDays)));
        if (day < activity.Start.Date)
        {
            day = activity.Start.Date;
        }
        var last = rule.Until?.ToDateTime(TimeOnly.MinValue) ?? DateTime.MaxValue.Date;
        for (; day < windowEnd && day <= last; day = day.AddDays(1))
        {
            var date = DateOnly.FromDateTime(day);
            if (changes.ContainsKey(date) || rule.Exceptions.Contains(date) || (holidays?.Contains(date) == true && !activity.HeldOnHolidays) || !Matches(activity, rule, day))
            {
                continue;
            }
            var start = day + time;
            if (Overlaps(start, start + duration))
            {
                result.Add(new Occurrence(activity, start, start + duration));
            }
        }

        foreach (var (date, change) in changes)
        {
            var original = date.ToDateTime(TimeOnly.MinValue) + time;
            var start = change.Cancelled ? original : change.Start ?? original;
            var end = change.Cancelled ? original + duration : change.End ?? start + duration;
            // The validator refuses an end before the start; a stored one must still never show backwards.
            if (end > start && Overlaps(start, end))
            {
                result.Add(new Occurrence(activity, start, end)
                {
                    SeriesDate = date,
                    Change = change,
                    Moved = start != original || end != original + duration,
                });
            }
        }
        return result.OrderBy(o => o.Start).ThenBy(o => o.SeriesDate);
    }

    /// <summary>
    /// True when the series, as written, holds an occurrence on <paramref name="date"/> (between its first
    /// date and its end). Exceptions, changes and holidays are not considered: this is what a change may be keyed by.
    /// </summary>
    public static bool IsSeriesDate(Activity activity, DateOnly date) =>
        activity.Recurrence is { Frequency: not RecurrenceFrequency.None } rule
        && date >= DateOnly.FromDateTime(activity.Start)
        && (rule.Until is not { } until || date <= until)
        && Matches(activity, rule, date.ToDateTime(TimeOnly.MinValue));

    /// <summary>The changes that apply: keyed by a series date that is not an exception; the first of duplicates wins.</summary>
    private static Dictionary<DateOnly, OccurrenceChange> ChangesByDate(Activity activity)
    {
        var result = new Dictionary<DateOnly, OccurrenceChange>();
        foreach (var change in activity.Recurrence?.Changes ?? [])
        {
            if (!activity.Recurrence!.Exceptions.Contains(change.Date) && IsSeriesDate(activity, change.Date))
            {
                result.TryAdd(change.Date, change);
            }
        }
        return result;
    }

    private static bool Matches(Activity activity, Recurrence rule, DateTime day)
    {
        var interval = Math.Max(1, rule.Interval);
        var firstDay = activity.Start.Date;
        var days = rule.DaysOfWeek.Count > 0 ? rule.DaysOfWeek : [activity.Start.DayOfWeek];
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
