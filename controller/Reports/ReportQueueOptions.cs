using SignageKiosk.Controller.Settings;
using SignageKiosk.Shared.Reports;

namespace SignageKiosk.Controller.Reports;

/// <summary>The staff queue's settings (section "Reports").</summary>
public sealed class ReportQueueOptions
{
    public const string Section = "Reports";

    /// <summary>
    /// Time limits per category by wire name, overriding ReportTimeLimits.Defaults, e.g. Reports:TimeLimits:safetyHazard =
    /// "12:00:00" or "2.00:00:00". A report received past its limit and still open is flagged as overdue.
    /// </summary>
    public Dictionary<string, TimeSpan> TimeLimits { get; set; } = new(StringComparer.Ordinal);

    /// <summary>What is wrong with these settings, or null.</summary>
    public string? Problem() =>
        TimeLimits.FirstOrDefault(limit => !Enum.GetValues<ReportCategory>().Any(c => ReportCategories.WireName(c) == limit.Key)) is { Key: { } unknown }
            ? Must("TimeLimits:" + unknown, "不是已知的反映类别（" + string.Join("、", Enum.GetValues<ReportCategory>().Select(ReportCategories.WireName)) + "）",
                "is not a report category: " + string.Join(", ", Enum.GetValues<ReportCategory>().Select(ReportCategories.WireName)))
        : TimeLimits.FirstOrDefault(limit => limit.Value <= TimeSpan.Zero) is { Key: { } zero }
            ? Must("TimeLimits:" + zero, "须大于 0", "must be positive")
        : null;

    private static string Must(string setting, string zh, string en) => SettingsRegistration.Must(Section + ":" + setting, zh, en);
}
