namespace SignageKiosk.Shared.Screen;

/// <summary>
/// A date whose hours differ from its weekday's (a holiday, an event evening), station-local. No periods: off all
/// day. It replaces the periods that start on that date; one from the evening before still ends at its own time.
/// </summary>
public sealed record ScreenException
{
    public required DateOnly Date { get; init; }
    public IReadOnlyList<ScreenPeriod> Periods { get; init; } = [];
}
