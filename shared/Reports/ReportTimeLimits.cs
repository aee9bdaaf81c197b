namespace SignageKiosk.Shared.Reports;

/// <summary>
/// How long staff have to settle a report of each category, in calendar days from its receipt (weekends count: a
/// safety hazard does not wait for Monday). The controller may override any of them (Reports:TimeLimits:&lt;category&gt;).
/// </summary>
public static class ReportTimeLimits
{
    public static readonly IReadOnlyDictionary<ReportCategory, TimeSpan> Defaults = new Dictionary<ReportCategory, TimeSpan>
    {
        [ReportCategory.SafetyHazard] = TimeSpan.FromDays(1),
        [ReportCategory.Repairs] = TimeSpan.FromDays(3),
        [ReportCategory.Cleanliness] = TimeSpan.FromDays(2),
        [ReportCategory.Noise] = TimeSpan.FromDays(2),
        [ReportCategory.Neighbours] = TimeSpan.FromDays(5),
        [ReportCategory.Suggestion] = TimeSpan.FromDays(10),
        [ReportCategory.Other] = TimeSpan.FromDays(5),
    };

    /// <summary>The limit of <paramref name="category"/>: an override by wire name (e.g. "safetyHazard") if positive, else the default.</summary>
    public static TimeSpan For(ReportCategory category, IReadOnlyDictionary<string, TimeSpan>? overrides = null) =>
        overrides is not null && overrides.TryGetValue(ReportCategories.WireName(category), out var limit) && limit > TimeSpan.Zero
            ? limit
            : Defaults.GetValueOrDefault(category, TimeSpan.FromDays(5));

    public static DateTimeOffset DueAt(ReportCategory category, DateTimeOffset receivedAt, IReadOnlyDictionary<string, TimeSpan>? overrides = null) =>
        receivedAt + For(category, overrides);
}
