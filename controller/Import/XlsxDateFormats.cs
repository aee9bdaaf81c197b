using System.Globalization;
using System.Text.RegularExpressions;
using SignageKiosk.Shared.Import;

namespace SignageKiosk.Controller.Import;

/// <summary>
/// Excel stores a date as a number and only its cell's number format says so. This tells date formats from
/// others (built-in ids, including the Chinese ones such as yyyy"年"m"月"d"日", and custom codes) and
/// turns the serial into the text the import reads.
/// </summary>
public static partial class XlsxDateFormats
{
    // Quoted text, backslash escapes and [colour]/[$-804] sections say nothing about dates; [h]/[mm]/[ss] are elapsed time.
    [GeneratedRegex(@"""[^""]*""|\\.|\[(?![hms]+\])[^\]]*\]", RegexOptions.IgnoreCase)]
    private static partial Regex Noise();

    public static DateStyle Classify(int formatId, string? formatCode) => formatId switch
    {
        // 27-36 and 50-58 are the Chinese built-ins: yyyy"年"m"月"d"日", h"时"mm"分", 上午/下午h"时"mm"分", …
        14 or 15 or 16 or 17 or 27 or 28 or 29 or 30 or 31 or 36 or 50 or 51 or 52 or 53 or 54 or 57 or 58 => DateStyle.Date,
        18 or 19 or 20 or 21 or 32 or 33 or 34 or 35 or 45 or 46 or 47 or 55 or 56 => DateStyle.Time,
        22 => DateStyle.DateTime,
        _ when formatId >= 164 && formatCode is not null => ClassifyCode(formatCode),
        _ => DateStyle.None,
    };

    private static DateStyle ClassifyCode(string code)
    {
        // Only the first section (positive numbers) matters.
        var section = Noise().Replace(code, "").Split(';')[0].ToLowerInvariant();
        var date = section.Contains('y', StringComparison.Ordinal) || section.Contains('d', StringComparison.Ordinal);
        var time = section.Contains('h', StringComparison.Ordinal) || section.Contains('s', StringComparison.Ordinal);
        var month = !time && section.Contains('m', StringComparison.Ordinal);
        return (date || month, time) switch
        {
            (true, true) => DateStyle.DateTime,
            (true, false) => DateStyle.Date,
            (false, true) => DateStyle.Time,
            _ => DateStyle.None,
        };
    }

    /// <summary>A serial as "2026-11-23 20:00", "2026-11-23" or "20:00", whichever the style shows.</summary>
    public static string Format(double serial, DateStyle style, bool date1904)
    {
        if (date1904)
        {
            serial += 1462;
        }
        if (serial is < 0 or > 2958465)
        {
            return serial.ToString("G15", CultureInfo.InvariantCulture);
        }
        var ticks = DateTime.FromOADate(serial).Ticks;
        var value = new DateTime((long)Math.Round(ticks / (double)TimeSpan.TicksPerSecond) * TimeSpan.TicksPerSecond, DateTimeKind.Unspecified);
        var wholeDay = value.TimeOfDay == TimeSpan.Zero;
        var timeText = value.ToString(value.Second == 0 ? "HH:mm" : "HH:mm:ss", CultureInfo.InvariantCulture);
        return style switch
        {
            // A time-only cell holds no day (serial below 1); keep the day if it has one, or the shift would lose its date.
            DateStyle.Time when serial < 1 => timeText,
            DateStyle.Date when wholeDay => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            _ => ImportMoment.Format(value),
        };
    }
}
