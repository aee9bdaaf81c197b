using System.Globalization;
using SignageKiosk.Shared.Board;

namespace SignageKiosk.Shared.Backup;

/// <summary>
/// When scheduled backups run: "daily HH:mm" (a wall-clock time in the controller's time zone) or "every hh:mm:ss"
/// (an interval from the last run, at least a minute).
/// </summary>
public sealed class BackupSchedule
{
    public static readonly TimeSpan ShortestInterval = TimeSpan.FromMinutes(1);

    private BackupSchedule(TimeOnly? dailyAt, TimeSpan? every)
    {
        DailyAt = dailyAt;
        Every = every;
    }

    public TimeOnly? DailyAt { get; }
    public TimeSpan? Every { get; }

    /// <summary>Null and a problem when the text is neither form.</summary>
    public static BackupSchedule? Parse(string? text, out string? problem)
    {
        problem = null;
        var parts = (text ?? "").Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 2 && parts[0].Equals("daily", StringComparison.OrdinalIgnoreCase)
            && TimeOnly.TryParseExact(parts[1], ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            return new BackupSchedule(at, null);
        }
        if (parts.Length == 2 && parts[0].Equals("every", StringComparison.OrdinalIgnoreCase)
            && TimeSpan.TryParse(parts[1], CultureInfo.InvariantCulture, out var every))
        {
            if (every >= ShortestInterval)
            {
                return new BackupSchedule(null, every);
            }
            problem = $"Backup:Schedule '{text}': the interval must be at least {ShortestInterval}";
            return null;
        }
        problem = $"Backup:Schedule '{text}' is not 'daily HH:mm' (for example 'daily 03:30') or 'every hh:mm:ss' (for example 'every 06:00:00')";
        return null;
    }

    /// <summary>The first run strictly after <paramref name="after"/> (the start, or the last run).</summary>
    public DateTimeOffset Next(DateTimeOffset after, StationClock clock)
    {
        if (Every is { } every)
        {
            return after + every;
        }
        var local = clock.ToLocal(after);
        var candidate = clock.ToInstant(local.Date + DailyAt!.Value.ToTimeSpan());
        // A day later, by the wall clock, until it is in the future (at most twice: a DST day can shift it by an hour).
        for (var day = 1; candidate <= after; day++)
        {
            candidate = clock.ToInstant(local.Date.AddDays(day) + DailyAt.Value.ToTimeSpan());
        }
        return candidate;
    }
}
