namespace SignageKiosk.Shared.Screen;

/// <summary>
/// When a station's screens are on: periods per weekday, and dates with other hours. Outside them a kiosk blanks
/// its display and wakes on touch for a while. A station without screen hours is always on.
/// </summary>
public sealed record ScreenHours
{
    public const int MaxPeriodsPerDay = 4;
    public const int MaxExceptions = 366;

    public IReadOnlyList<ScreenDays> Weekly { get; init; } = [];
    public IReadOnlyList<ScreenException> Exceptions { get; init; } = [];

    /// <summary>The periods that start on <paramref name="date"/>: its exception's if it has one, else its weekday's.</summary>
    public IReadOnlyList<ScreenPeriod> PeriodsOn(DateOnly date)
    {
        foreach (var exception in Exceptions)
        {
            if (exception.Date == date)
            {
                return exception.Periods;
            }
        }
        return PeriodsOn(date.DayOfWeek);
    }

    /// <summary>The weekly periods of a weekday.</summary>
    public IReadOnlyList<ScreenPeriod> PeriodsOn(DayOfWeek day) => [.. Weekly.Where(w => w.Days.Contains(day)).SelectMany(w => w.Periods)];
}
