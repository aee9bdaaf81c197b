namespace SignageKiosk.Shared.ProofOfDisplay;

/// <summary>A kiosk's upload of display hours (hub method SyncProtocol.ReportDisplay); at most DisplayRules.MaxRecords.</summary>
public sealed record DisplayReport
{
    public required IReadOnlyList<DisplayRecord> Records { get; init; }
}
