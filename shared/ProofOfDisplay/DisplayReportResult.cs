namespace SignageKiosk.Shared.ProofOfDisplay;

/// <summary>The controller's answer to a display upload: the kiosk may mark every record sent.</summary>
public sealed record DisplayReportResult
{
    public int Stored { get; init; }
    /// <summary>Records left out: their notice was never sent to this kiosk, so it cannot have shown it.</summary>
    public int Ignored { get; init; }
}
