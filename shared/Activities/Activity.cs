using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Media;

namespace SignageKiosk.Shared.Activities;

/// <summary>
/// An activity (活动). Start and end are station-local wall-clock times so that a weekly 09:00 clean-up
/// stays at 09:00 across a DST change.
/// </summary>
public sealed record Activity : ContentItem
{
    public required string Title { get; init; }
    public string? Room { get; init; }
    public string? Organiser { get; init; }
    public required DateTime Start { get; init; }
    public required DateTime End { get; init; }
    public Recurrence? Recurrence { get; init; }
    /// <summary>
    /// A recurring activity skips the holidays marked for its board's places unless this is set (e.g. a
    /// holiday duty desk, a festival programme that runs every day of 国庆).
    /// </summary>
    public bool HeldOnHolidays { get; init; }
    public string? Description { get; init; }
    public MediaRef? Poster { get; init; }

    public override IEnumerable<MediaRef> Media() => Poster is null ? [] : [Poster];
}
