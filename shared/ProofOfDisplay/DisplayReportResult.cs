namespace SignageKiosk.Shared.ProofOfDisplay;

/// <summary>The controller's answer to a display upload: every record was stored (the kiosk may mark them sent).</summary>
public sealed record DisplayReportResult
{
    public int Stored { get; init; }
}
