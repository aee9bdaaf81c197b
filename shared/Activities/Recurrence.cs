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
}
