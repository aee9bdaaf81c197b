namespace SignageKiosk.Shared.Activities;

public enum RecurrenceFrequency
{
    None,
    Daily,
    Weekly,
    Monthly,
}

/// <summary>How an activity repeats, in the station's wall-clock time.</summary>
public sealed record Recurrence
{
    public RecurrenceFrequency Frequency { get; init; }
    /// <summary>Every n days / weeks / months.</summary>
    public int Interval { get; init; } = 1;
    /// <summary>Weekly: the days it happens on; empty means the weekday of the first occurrence.</summary>
    public IReadOnlyList<DayOfWeek> DaysOfWeek { get; init; } = [];
    /// <summary>Last date an occurrence may start on (inclusive), station-local.</summary>
    public DateOnly? Until { get; init; }
    /// <summary>
    /// Monthly on the nth weekday instead of on a date: 1–5, or -1 for the last one (e.g. 2 and Tuesday =
    /// 每月第二个星期二). The weekday is the first of <see cref="DaysOfWeek"/>, else the first occurrence's.
    /// </summary>
    public int? WeekOfMonth { get; init; }
    /// <summary>Dates of the series that do not happen (holidays, a cancelled week), station-local.</summary>
    public IReadOnlyList<DateOnly> Exceptions { get; init; } = [];
    /// <summary>Single occurrences moved, re-roomed or cancelled, at most one per series date.</summary>
    public IReadOnlyList<OccurrenceChange> Changes { get; init; } = [];
}
