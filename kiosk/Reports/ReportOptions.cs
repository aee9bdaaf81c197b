namespace SignageKiosk.Kiosk.Reports;

/// <summary>Residents' reports on the kiosk (section "Reports").</summary>
public sealed class ReportOptions
{
    public const string Section = "Reports";

    /// <summary>How often pending reports are tried again while connected (they also go at once when made and after every hello).</summary>
    public TimeSpan SendInterval { get; set; } = TimeSpan.FromMinutes(1);
}
