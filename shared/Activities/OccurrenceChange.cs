namespace SignageKiosk.Shared.Activities;

/// <summary>
/// One occurrence of a series changed on its own (改期, 换教室, 取消本次), keyed by the date the series
/// would have held it on. It wins over the series, and over a holiday: it is a decision staff made for
/// that one date.
/// </summary>
public sealed record OccurrenceChange
{
    /// <summary>The series date this change replaces, station-local.</summary>
    public required DateOnly Date { get; init; }
    /// <summary>New start, station-local; may be on another day. Null keeps the series' time.</summary>
    public DateTime? Start { get; init; }
    /// <summary>New end, station-local. Null keeps the series' length from the (new) start.</summary>
    public DateTime? End { get; init; }
    public string? Room { get; init; }
    public string? Title { get; init; }
    /// <summary>A word to residents, e.g. "因天气改到室内".</summary>
    public string? Note { get; init; }
    /// <summary>This one does not happen; the board says so (已取消) at the usual time.</summary>
    public bool Cancelled { get; init; }
}
