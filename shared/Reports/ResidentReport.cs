namespace SignageKiosk.Shared.Reports;

/// <summary>
/// A resident's report (我要反映) as the kiosk submits it: chosen by touch, never typed, so it carries preset phrase
/// ids and no free text. <see cref="IdempotencyKey"/> is made by the kiosk once per report; sending it again (after a
/// lost answer or a restart) returns the same reference and stores nothing new.
/// </summary>
public sealed record ResidentReport
{
    public required string IdempotencyKey { get; init; }
    public required ReportCategory Category { get; init; }
    /// <summary>The building (a place id) the report is about; it must stand at or under the kiosk's own place.</summary>
    public required string BuildingId { get; init; }
    /// <summary>A unit (place id) of that building, if the resident chose one.</summary>
    public string? UnitId { get; init; }
    /// <summary>Preset phrase ids of the category (<see cref="ReportPhrases"/>).</summary>
    public IReadOnlyList<string> Phrases { get; init; } = [];
    /// <summary>A call-back number, only if the resident gave one; kept whole only on the controller.</summary>
    public string? Phone { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
}

/// <summary>The controller's answer to a submitted report: the reference the resident quotes to staff.</summary>
public sealed record ReportReceipt
{
    public required string Reference { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
}
