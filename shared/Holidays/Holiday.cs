using SignageKiosk.Shared.Content;

namespace SignageKiosk.Shared.Holidays;

/// <summary>
/// A day a community (or a compound) marks as a holiday (节假日, e.g. 国庆节). Recurring activities of the
/// places it targets do not happen that day unless they are held on holidays; the board names the day.
/// </summary>
public sealed record Holiday : ContentItem
{
    /// <summary>Station-local date.</summary>
    public required DateOnly Date { get; init; }
    public required string Name { get; init; }
}
