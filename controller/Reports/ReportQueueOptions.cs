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
}
