using System.Globalization;
using System.Text;

namespace SignageKiosk.Shared.Screen;

/// <summary>
/// Screen hours as staff type them on the places page: a day's periods as "07:00-12:00, 13:00-21:30" (empty: off
/// all day), and one date a line, "2026-10-01 关" or "2026-10-01 09:00-17:00". Full-width digits and punctuation
/// from a Chinese input method are accepted. Problems are said in Chinese and English.
/// </summary>
public static class ScreenHoursText
{
    private static readonly char[] PeriodSeparators = [',', '，', '、', ';', '；', ' ', '\t'];
    private static readonly string[] RangeSeparators = ["-", "–", "—", "~", "～", "至", "到"];
    private static readonly string[] OffWords = ["关", "关屏", "全天关屏", "off"];

    /// <summary>"7:00", "07:00" or "24:00" (midnight at the end of a day).</summary>
    public static bool TryParseTime(string? text, out TimeOnly time)
    {
        time = default;
        if (text is null)
        {
            return false;
        }
        if (text == "24:00")
        {
            time = TimeOnly.MinValue;
            return true;
        }
        return TimeOnly.TryParseExact(text, ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
    }

    /// <summary>A day's periods; blank or "关" is none (off all day).</summary>
    public static bool TryParsePeriods(string? text, out IReadOnlyList<ScreenPeriod> periods, out string error, out string chinese)
    {
        periods = [];
        error = chinese = "";
        var normal = Normalize(text);
        if (normal.Length == 0 || OffWords.Contains(normal, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }
        foreach (var range in RangeSeparators)
        {
            normal = normal.Replace(" " + range + " ", range, StringComparison.Ordinal).Replace(range + " ", range, StringComparison.Ordinal).Replace(" " + range, range, StringComparison.Ordinal);
        }
        var result = new List<ScreenPeriod>();
        foreach (var part in normal.Split(PeriodSeparators, StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = RangeSeparators.FirstOrDefault(s => part.Contains(s, StringComparison.Ordinal));
            var ends = separator is null ? [] : part.Split(separator);
            if (ends.Length != 2 || !TryParseTime(ends[0], out var on) || !TryParseTime(ends[1], out var off))
            {
                error = $"'{part}' is not a period like 07:00-21:30";
                chinese = $"“{part}”不是正确的时段，请写成 07:00-21:30";
                return false;
            }
            result.Add(new ScreenPeriod { On = on, Off = off });
        }
        periods = result;
        return true;
    }

    /// <summary>"07:00-12:00, 13:00-21:30"; an end at midnight is written 24:00.</summary>
    public static string FormatPeriods(IEnumerable<ScreenPeriod> periods) =>
        string.Join(", ", periods.Select(p => $"{Format(p.On)}-{(p.Off == TimeOnly.MinValue ? "24:00" : Format(p.Off))}"));

    /// <summary>One date a line: "2026-10-01 关" (off all day) or "2026-12-31 07:00-24:00".</summary>
    public static bool TryParseExceptions(string? text, out IReadOnlyList<ScreenException> exceptions, out string error, out string chinese)
    {
        exceptions = [];
        error = chinese = "";
        var result = new List<ScreenException>();
        var lines = (text ?? "").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = Normalize(lines[i]);
            if (line.Length == 0)
            {
                continue;
            }
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var dateText = space < 0 ? line : line[..space];
            if (!DateOnly.TryParseExact(dateText, ["yyyy-MM-dd", "yyyy-M-d", "yyyy/M/d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                error = $"line {i + 1}: '{dateText}' is not a date like 2026-10-01";
                chinese = $"第 {i + 1} 行：“{dateText}”不是正确的日期，请写成 2026-10-01";
                return false;
            }
            var rest = space < 0 ? "" : line[(space + 1)..];
            if (rest.Length == 0)
            {
                error = $"line {i + 1}: say the hours after the date, or 关 (off all day)";
                chinese = $"第 {i + 1} 行：请在日期后写时段，或写“关”表示全天关屏";
                return false;
            }
            if (!TryParsePeriods(rest, out var periods, out var periodError, out var periodChinese))
            {
                error = $"line {i + 1}: {periodError}";
                chinese = $"第 {i + 1} 行：{periodChinese}";
                return false;
            }
            result.Add(new ScreenException { Date = date, Periods = periods });
        }
        exceptions = result;
        return true;
    }

    public static string FormatExceptions(IEnumerable<ScreenException> exceptions) =>
        string.Join("\n", exceptions.OrderBy(e => e.Date).Select(e =>
            e.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " " + (e.Periods.Count == 0 ? "关" : FormatPeriods(e.Periods))));

    private static string Format(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Full-width characters to their ASCII forms, runs of spaces to one, trimmed.</summary>
    private static string Normalize(string? text)
    {
        var builder = new StringBuilder();
        foreach (var c in (text ?? "").Trim())
        {
            var ascii = c switch
            {
                >= '０' and <= '９' => (char)('0' + (c - '０')),
                '：' => ':',
                '－' => '-',
                '／' => '/',
                '　' or '\r' => ' ',
                _ => c,
            };
            if (ascii == ' ' && builder.Length > 0 && builder[^1] == ' ')
            {
                continue;
            }
            builder.Append(ascii);
        }
        return builder.ToString().Trim();
    }
}
