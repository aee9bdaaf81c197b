using System.Globalization;

namespace SignageKiosk.Shared.Reports;

/// <summary>
/// A <see cref="ReportStatus"/> as the board shows it: every label already in Chinese and every date in China time,
/// so the page only copies text into place. The reply is staff text: the page sets it as text, never as markup.
/// </summary>
public sealed record ReportStatusView
{
    public required string Reference { get; init; }
    public required string Category { get; init; }
    public required string CategoryLabel { get; init; }
    public required string State { get; init; }
    public required string StateLabel { get; init; }
    public required string ReceivedAt { get; init; }
    public string? ResolvedAt { get; init; }
    public string? Reply { get; init; }
    public string? RatingLabel { get; init; }
    public bool MayRate { get; init; }

    public static ReportStatusView From(ReportStatus status) => new()
    {
        Reference = status.Reference,
        Category = ReportCategories.WireName(status.Category),
        CategoryLabel = ReportCategories.Label(status.Category),
        State = status.State,
        StateLabel = ReportState.Label(status.State),
        ReceivedAt = Date(status.ReceivedAt),
        ResolvedAt = status.ResolvedAt is { } resolved ? Date(resolved) : null,
        Reply = string.IsNullOrWhiteSpace(status.PublicReply) ? null : Content.StaffText.Clean(status.PublicReply),
        RatingLabel = status.Rating is { } rating ? ReportRatings.Label(rating) : null,
        MayRate = status.MayRate,
    };

    public static string Date(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, ReportReference.Zone).ToString("yyyy年M月d日 HH:mm", CultureInfo.InvariantCulture);

}
