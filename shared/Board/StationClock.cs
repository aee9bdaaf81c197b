using SignageKiosk.Shared.Places;

namespace SignageKiosk.Shared.Board;

/// <summary>Converts between instants and a station's wall clock.</summary>
public sealed class StationClock
{
    public StationClock(string? timeZoneId)
    {
        Zone = Resolve(timeZoneId);
    }

    public TimeZoneInfo Zone { get; }

    public DateTime ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone).DateTime;

    /// <summary>
    /// The first instant at which the station's wall clock reads <paramref name="local"/> or later: a time
    /// repeated when clocks go back is its first pass, a time skipped when they go forward is the jump itself
    /// (02:30 on the spring-forward night is 03:00). So later wall-clock times never map to earlier instants,
    /// and a shift "until 02:30" ends when the clock on the wall has passed 02:30.
    /// </summary>
    public DateTimeOffset ToInstant(DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(unspecified))
        {
            // Gaps start and end on whole minutes: the first valid minute after it is where the clock lands.
            var minute = new DateTime(unspecified.Ticks - unspecified.Ticks % TimeSpan.TicksPerMinute, DateTimeKind.Unspecified);
            for (var i = 0; i < 24 * 60 && Zone.IsInvalidTime(minute); i++)
            {
                minute = minute.AddMinutes(1);
            }
            unspecified = minute;
        }
        var offset = Zone.IsAmbiguousTime(unspecified)
            ? Zone.GetAmbiguousTimeOffsets(unspecified).Max()
            : Zone.GetUtcOffset(unspecified);
        return new DateTimeOffset(unspecified, offset);
    }

    public static TimeZoneInfo Resolve(string? timeZoneId)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(string.IsNullOrWhiteSpace(timeZoneId) ? Station.DefaultTimeZone : timeZoneId);
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.FindSystemTimeZoneById(Station.DefaultTimeZone);
        }
    }

    public static bool IsKnownZone(string timeZoneId)
    {
        try
        {
            TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }
}
