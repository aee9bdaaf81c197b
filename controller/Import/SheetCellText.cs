using System.Globalization;
using System.Text.RegularExpressions;
using SignageKiosk.Shared.Import;

namespace SignageKiosk.Controller.Import;

/// <summary>
/// A cell's value as the text the import reads: numbers as Excel shows them in General (a phone stored as a
/// number is its digits), yes/no as 是/否, and dates and times as "2026-11-23 20:00", "2026-11-23" or
/// "20:00", whichever the cell's number format shows. The reader turns date formats it knows into dates;
/// the Chinese built-in formats (ids 27-36 and 50-58, such as yyyy"年"m"月"d"日") it does not, so they are
/// recognised here by id.
/// </summary>
public static partial class SheetCellText
{
    // Quoted text, backslash escapes and [colour]/[$-804] sections say nothing about dates; [h]/[mm]/[ss] are elapsed time.
    [GeneratedRegex(@"""[^""]*""|\\.|\[(?![hms]+\])[^\]]*\]", RegexOptions.IgnoreCase)]
    private static partial Regex Noise();

    private enum Shows
    {
        Date,
        Time,
        DateTime,
    }

    public static string Of(object? value, int formatIndex, string? formatCode) => value switch
    {
        null => "",
        string text => text,
        bool flag => flag ? "是" : "否",
        DateTime moment => Format(moment, Classify(formatIndex, formatCode) ?? Shows.DateTime),
        double number when ChineseBuiltIn(formatIndex) is { } shows && number is >= 0 and < 2958466 => Format(DateTime.FromOADate(number), shows),
        double number => number.ToString("G15", CultureInfo.InvariantCulture),
        IFormattable other => other.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static Shows? ChineseBuiltIn(int formatIndex) => formatIndex switch
    {
        27 or 28 or 29 or 30 or 31 or 36 or 50 or 51 or 52 or 53 or 54 or 57 or 58 => Shows.Date,
        32 or 33 or 34 or 35 or 55 or 56 => Shows.Time,
        _ => null,
    };

    private static Shows? Classify(int formatIndex, string? code)
    {
        if (ChineseBuiltIn(formatIndex) is { } builtIn)
        {
            return builtIn;
        }
        if (string.IsNullOrEmpty(code))
        {
            return null;
        }
        // Only the first section (positive numbers) matters.
        var section = Noise().Replace(code, "").Split(';')[0].ToLowerInvariant();
        var date = section.Contains('y', StringComparison.Ordinal) || section.Contains('d', StringComparison.Ordinal);
        var time = section.Contains('h', StringComparison.Ordinal) || section.Contains('s', StringComparison.Ordinal);
        var month = !time && section.Contains('m', StringComparison.Ordinal);
        return (date || month, time) switch
        {
            (true, true) => Shows.DateTime,
            (true, false) => Shows.Date,
            (false, true) => Shows.Time,
            _ => null,
        };
    }

    private static string Format(DateTime moment, Shows shows)
    {
        // Serials carry binary fractions: 20:00 may come back as 19:59:59.9999.
        var value = new DateTime((long)Math.Round(moment.Ticks / (double)TimeSpan.TicksPerSecond) * TimeSpan.TicksPerSecond, DateTimeKind.Unspecified);
        var timeText = value.ToString(value.Second == 0 ? "HH:mm" : "HH:mm:ss", CultureInfo.InvariantCulture);
        return shows switch
        {
            // A time-only cell holds no day (Excel's day 0, 1899-12-30 here); keep the day if it has one, or a shift would lose its date.
            Shows.Time when value.Date <= new DateTime(1899, 12, 31) => timeText,
            Shows.Date when value.TimeOfDay == TimeSpan.Zero => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            _ => ImportMoment.Format(value),
        };
    }
}
