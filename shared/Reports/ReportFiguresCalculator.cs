namespace SignageKiosk.Shared.Reports;

/// <summary>
/// This month's figures for one compound (本月接诉即办), from its reports. Months are station-local (China time),
/// so a report received at 23:30 on the last day counts for that month, not the next.
/// </summary>
public static class ReportFiguresCalculator
{
    /// <summary>What the figures need of a report: never a reference, place, phone or text.</summary>
    public sealed record Fact(string State, DateTimeOffset ReceivedAt, DateTimeOffset DueAt, DateTimeOffset? ResolvedAt, ReportRating? Rating, DateTimeOffset? RatedAt);

    /// <summary>The counts of the figures, without id, target or time (what "changed" is judged on).</summary>
    public sealed record Counts(string Month, int Received, int Resolved, int ResolvedInTime, double? MedianDaysToResolve, double? SatisfiedShare);

    /// <summary>"2026-12": the station-local month holding <paramref name="instant"/>.</summary>
    public static string MonthOf(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, ReportReference.Zone).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The instants the station-local month holding <paramref name="instant"/> starts and ends (exclusive).</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) MonthBounds(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, ReportReference.Zone);
        var first = new DateTime(local.Year, local.Month, 1, 0, 0, 0, DateTimeKind.Unspecified);
        var next = first.AddMonths(1);
        return (new DateTimeOffset(first, ReportReference.Zone.GetUtcOffset(first)), new DateTimeOffset(next, ReportReference.Zone.GetUtcOffset(next)));
    }

    public static Counts Calculate(IEnumerable<Fact> facts, DateTimeOffset now)
    {
        var (start, end) = MonthBounds(now);
        bool InMonth(DateTimeOffset? at) => at is { } value && value >= start && value < end;
        var all = facts.ToList();
        var received = all.Count(f => f.State != ReportState.Spam && InMonth(f.ReceivedAt));
        var resolved = all.Where(f => f.State == ReportState.Resolved && InMonth(f.ResolvedAt)).ToList();
        var inTime = resolved.Count(f => f.ResolvedAt <= f.DueAt);
        var days = resolved.Select(f => (f.ResolvedAt!.Value - f.ReceivedAt).TotalDays).Order().ToList();
        double? median = days.Count == 0 ? null
            : Math.Round(days.Count % 2 == 1 ? days[days.Count / 2] : (days[days.Count / 2 - 1] + days[days.Count / 2]) / 2, 1);
        var rated = all.Where(f => f.State != ReportState.Spam && f.Rating is not null && InMonth(f.RatedAt)).ToList();
        double? satisfied = rated.Count == 0 ? null
            : Math.Round((double)rated.Count(f => f.Rating is ReportRating.Satisfied or ReportRating.FairlySatisfied) / rated.Count, 3);
        return new Counts(MonthOf(now), received, resolved.Count, inTime, median, satisfied);
    }

    /// <summary>The board item of a compound's figures.</summary>
    public static ReportFigures Item(string compoundId, Counts counts, DateTimeOffset now) => new()
    {
        Id = ItemId(compoundId),
        Target = Content.ItemTarget.Place(compoundId),
        Month = counts.Month,
        Received = counts.Received,
        Resolved = counts.Resolved,
        ResolvedInTime = counts.ResolvedInTime,
        MedianDaysToResolve = counts.MedianDaysToResolve,
        SatisfiedShare = counts.SatisfiedShare,
        UpdatedAt = now,
    };

    public static Counts CountsOf(ReportFigures figures) =>
        new(figures.Month, figures.Received, figures.Resolved, figures.ResolvedInTime, figures.MedianDaysToResolve, figures.SatisfiedShare);

    public static string ItemId(string compoundId) => "report-figures:" + compoundId;
}
