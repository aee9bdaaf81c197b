namespace SignageKiosk.Shared.ProofOfDisplay;

/// <summary>Time on screen is kept and reported per whole UTC hour; these split an interval into those hours.</summary>
public static class DisplayHours
{
    public static readonly TimeSpan Length = TimeSpan.FromHours(1);

    /// <summary>The start of the UTC hour the instant lies in.</summary>
    public static DateTimeOffset HourOf(DateTimeOffset instant) =>
        new(instant.UtcTicks - (instant.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero);

    public static bool IsWholeHour(DateTimeOffset instant) => instant.UtcTicks % TimeSpan.TicksPerHour == 0;

    /// <summary>[start, end) cut at every UTC hour boundary; nothing when end is not after start.</summary>
    public static IEnumerable<(DateTimeOffset Hour, TimeSpan Duration)> Split(DateTimeOffset start, DateTimeOffset end)
    {
        for (var from = start; from < end;)
        {
            var hour = HourOf(from);
            var next = hour + Length;
            var to = next < end ? next : end;
            yield return (hour, to - from);
            from = to;
        }
    }

    /// <summary>The fixed-width UTC text the stores keep hours in: sorts like the instants it names.</summary>
    public static string Key(DateTimeOffset instant) =>
        instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
