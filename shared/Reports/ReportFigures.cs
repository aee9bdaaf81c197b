using SignageKiosk.Shared.Content;

namespace SignageKiosk.Shared.Reports;

/// <summary>
/// This month's answer to residents for one compound (本月接诉即办), made by the controller (never by staff) and sent
/// through the change log like any item, so a board shows it offline. Counts only: no reference, building or phone.
/// Id: <c>report-figures:{compoundId}</c>, target: the compound.
/// </summary>
public sealed record ReportFigures : ContentItem
{
    /// <summary>The station-local month the figures are for, "2026-12".</summary>
    public required string Month { get; init; }
    /// <summary>Reports received this month (spam left out).</summary>
    public required int Received { get; init; }
    /// <summary>Reports resolved this month (whenever received).</summary>
    public required int Resolved { get; init; }
    /// <summary>Of <see cref="Resolved"/>, those resolved within their category's time limit.</summary>
    public required int ResolvedInTime { get; init; }
    /// <summary>Median days from received to resolved over this month's resolutions; null when none.</summary>
    public double? MedianDaysToResolve { get; init; }
    /// <summary>Of this month's rated reports, the share rated 满意 or 基本满意; null when none rated.</summary>
    public double? SatisfiedShare { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
}
