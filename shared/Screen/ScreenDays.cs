namespace SignageKiosk.Shared.Screen;

/// <summary>
/// The on-periods of some weekdays, e.g. Monday to Friday 07:00–21:30. A weekday named here with no periods, or
/// named nowhere, is off all day.
/// </summary>
public sealed record ScreenDays
{
    public IReadOnlyList<DayOfWeek> Days { get; init; } = [];
    public IReadOnlyList<ScreenPeriod> Periods { get; init; } = [];
}
