namespace SignageKiosk.Shared.Reports;

/// <summary>
/// What anyone holding a reference may learn about a report (the board's and the phone page's look-up): the state and
/// the staff's public reply. Never a phone, a unit, a name, a note or who handles it.
/// </summary>
public sealed record ReportStatus
{
    public required string Reference { get; init; }
    public required ReportCategory Category { get; init; }
    /// <summary>One of <see cref="ReportState"/>.</summary>
    public required string State { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    /// <summary>The staff's reply meant for the resident (or the reason it was declined); staff text, shown as text.</summary>
    public string? PublicReply { get; init; }
    public ReportRating? Rating { get; init; }
    /// <summary>Resolved and not yet rated.</summary>
    public bool MayRate { get; init; }
}

/// <summary>The board's or phone page's rating of a resolved report (once).</summary>
public sealed record ReportRatingRequest
{
    public required string Reference { get; init; }
    public required ReportRating Rating { get; init; }
}
