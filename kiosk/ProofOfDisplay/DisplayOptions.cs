namespace SignageKiosk.Kiosk.ProofOfDisplay;

/// <summary>Proof of display on the kiosk (section "Display").</summary>
public sealed class DisplayOptions
{
    public const string Section = "Display";

    /// <summary>
    /// How long a board page counts after its last report. The page reports every 10 s, so this is two reports:
    /// a closed or frozen page stops counting within this time.
    /// </summary>
    public TimeSpan PageTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How often what was counted is written to the display file even without a report.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often unsent hours go to the controller (also right after every hello).</summary>
    public TimeSpan UploadInterval { get; set; } = TimeSpan.FromMinutes(3);
}
