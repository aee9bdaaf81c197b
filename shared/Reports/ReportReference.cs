using System.Globalization;

namespace SignageKiosk.Shared.Reports;

/// <summary>
/// The number a resident quotes to staff: R, the day the controller received it (China time) and the day's count,
/// e.g. R20261205-0042. Read aloud easily, sorts by day, and a busy day past 9999 just grows a digit
/// (docs/decisions/0028).
/// </summary>
public static class ReportReference
{
    /// <summary>The zone the day of a reference is counted in; every station the project serves is in it.</summary>
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>"R20261205-": what every reference of that day starts with.</summary>
    public static string DayPrefix(DateTimeOffset receivedAt) =>
        "R" + TimeZoneInfo.ConvertTime(receivedAt, Zone).ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "-";

    public static string Format(DateTimeOffset receivedAt, int numberOfDay) =>
        DayPrefix(receivedAt) + numberOfDay.ToString("D4", CultureInfo.InvariantCulture);

    public static bool IsWellFormed(string? reference) =>
        reference is { Length: >= 14 and <= 20 } && reference[0] == 'R' && reference[9] == '-'
        && reference.AsSpan(1, 8).ContainsAnyExceptInRange('0', '9') is false
        && reference.AsSpan(10).ContainsAnyExceptInRange('0', '9') is false;

    /// <summary>
    /// A reference as a resident may write it (spaces around, a lower-case r, full-width digits from a phone keyboard)
    /// in its one stored form; null when it is not a reference at all, so garbage is refused before any look-up.
    /// </summary>
    public static string? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 40)
        {
            return null;
        }
        var chars = text.Trim().Select(c => c switch
        {
            >= '\uFF10' and <= '\uFF19' => (char)('0' + (c - '\uFF10')),
            '\uFF0D' or '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2212' => '-',
            'r' or '\uFF32' or '\uFF52' => 'R',
            _ => c,
        }).ToArray();
        var candidate = new string(chars);
        return IsWellFormed(candidate) ? candidate : null;
    }
}
