using System.Globalization;
using System.Text.RegularExpressions;

namespace SignageKiosk.Shared.Import;

/// <summary>
/// A date and time as staff type it ("2026-11-23 20:00", "2026/11/23 20:00", "2026年11月23日 20:00"), an
/// Excel serial number, a time alone ("08:00", taken on the start's day) or "次日08:00" (the start's next day).
/// Wall-clock time at the station, like every time on the board.
/// </summary>
public sealed partial record ImportMoment(DateOnly? Date, TimeOnly Time, bool NextDay)
{
    [GeneratedRegex(@"^(?<y>\d{4})\s*[-/.年]\s*(?<mo>\d{1,2})\s*[-/.月]\s*(?<d>\d{1,2})\s*日?")]
    private static partial Regex DatePart();

    [GeneratedRegex(@"^(?<h>\d{1,2})\s*(?::|时|点)\s*(?<mi>\d{1,2})?\s*分?\s*(?::\s*(?<s>\d{1,2})\s*秒?)?$")]
    private static partial Regex TimePart();

    [GeneratedRegex(@"^\d+(\.\d+)?$")]
    private static partial Regex Serial();

    /// <summary>Excel's day 1 is 1900-01-01 (with its leap-year quirk); beyond 9999-12-31 there are no dates.</summary>
    private const double MaxSerial = 2958465;

    public static bool TryParse(string cell, out ImportMoment moment)
    {
        moment = null!;
        var text = ImportText.Fold(cell);
        var nextDay = false;
        if (text.StartsWith("次日", StringComparison.Ordinal) || text.StartsWith("第二天", StringComparison.Ordinal))
        {
            nextDay = true;
            text = text[(text[0] == '次' ? 2 : 3)..].Trim();
        }
        if (Serial().IsMatch(text) && !text.Contains(':', StringComparison.Ordinal))
        {
            var serial = double.Parse(text, CultureInfo.InvariantCulture);
            if (serial is <= 0 or > MaxSerial || nextDay)
            {
                return false;
            }
            // Rounded to the second: a serial's binary fraction is rarely exactly 20:00.
            var ticks = DateTime.FromOADate(serial).Ticks;
            var value = new DateTime((long)Math.Round(ticks / (double)TimeSpan.TicksPerSecond) * TimeSpan.TicksPerSecond, DateTimeKind.Unspecified);
            moment = new ImportMoment(serial >= 1 ? DateOnly.FromDateTime(value) : null, TimeOnly.FromDateTime(value), false);
            return true;
        }
        DateOnly? date = null;
        var dateMatch = DatePart().Match(text);
        if (dateMatch.Success)
        {
            if (nextDay || !DateOnly.TryParseExact(
                    $"{dateMatch.Groups["y"].Value}-{int.Parse(dateMatch.Groups["mo"].Value, CultureInfo.InvariantCulture):00}-{int.Parse(dateMatch.Groups["d"].Value, CultureInfo.InvariantCulture):00}",
                    "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                return false;
            }
            date = parsed;
            text = text[dateMatch.Length..].Trim().TrimStart('T').Trim();
            if (text.Length == 0)
            {
                // A date alone is a day, not a moment: a shift needs its hour.
                moment = new ImportMoment(date, TimeOnly.MinValue, false) { HasNoTime = true };
                return true;
            }
        }
        var time = TimePart().Match(text);
        if (!time.Success)
        {
            return false;
        }
        var hour = int.Parse(time.Groups["h"].Value, CultureInfo.InvariantCulture);
        var minute = time.Groups["mi"].Success ? int.Parse(time.Groups["mi"].Value, CultureInfo.InvariantCulture) : 0;
        var second = time.Groups["s"].Success ? int.Parse(time.Groups["s"].Value, CultureInfo.InvariantCulture) : 0;
        if (hour == 24 && minute == 0 && second == 0)
        {
            // "24:00" is the end of the day, which is the next day's midnight.
            if (nextDay)
            {
                return false;
            }
            moment = date is { } day ? new ImportMoment(day.AddDays(1), TimeOnly.MinValue, false) : new ImportMoment(null, TimeOnly.MinValue, true);
            return true;
        }
        if (hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }
        moment = new ImportMoment(date, new TimeOnly(hour, minute, second), nextDay);
        return true;
    }

    /// <summary>True for a date typed without a time ("2026-11-23").</summary>
    public bool HasNoTime { get; private init; }

    /// <summary>The moment on the start's day (or the day after, for 次日) when no date was written.</summary>
    public DateTime Resolve(DateOnly startDate)
    {
        var date = Date ?? startDate;
        return date.AddDays(NextDay ? 1 : 0).ToDateTime(Time, DateTimeKind.Unspecified);
    }

    public static string Format(DateTime value) => value.ToString(value.Second == 0 ? "yyyy-MM-dd HH:mm" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
