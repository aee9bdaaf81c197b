namespace SignageKiosk.Kiosk.Reports;

/// <summary>Residents' reports on the kiosk (section "Reports").</summary>
public sealed class ReportOptions
{
    public const string Section = "Reports";

    /// <summary>How often pending reports are tried again while connected (they also go at once when made and after every hello).</summary>
    public TimeSpan SendInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Most reports the kiosk holds undelivered; past it a new one is refused (429), so a stuck or abused board cannot fill its disk.</summary>
    public int MaxPending { get; set; } = 20;

    /// <summary>How long the board's look-up and rating wait for the controller before saying the network is down.</summary>
    public TimeSpan LookUpTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
