namespace SignageKiosk.Shared.Activities;

/// <summary>One concrete happening of an activity, station-local.</summary>
public sealed record Occurrence(Activity Activity, DateTime Start, DateTime End)
{
    /// <summary>The series date this occurrence stands for (for a moved one, the date it was moved from).</summary>
    public DateOnly SeriesDate { get; init; } = DateOnly.FromDateTime(Start);
    /// <summary>The one-off change applied to it, if any.</summary>
    public OccurrenceChange? Change { get; init; }
    /// <summary>It was moved away from the series' time: residents used to the usual time must be told.</summary>
    public bool Moved { get; init; }

    public bool Cancelled => Change?.Cancelled == true;
    public string Title => Change?.Title ?? Activity.Title;
    public string? Room => Change?.Room ?? Activity.Room;
    public string? Note => Change?.Note;
}
