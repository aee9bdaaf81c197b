namespace SignageKiosk.Shared.Reports;

/// <summary>Rating names: the wire and database name (camelCase) and what residents and staff read. One place for all.</summary>
public static class ReportRatings
{
    public static IReadOnlyList<ReportRating> All { get; } = Enum.GetValues<ReportRating>();

    /// <summary>"satisfied", "fairlySatisfied", "dissatisfied": as stored in reports.rating and sent by boards and phones.</summary>
    public static string WireName(ReportRating rating) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(rating.ToString());

    /// <summary>Only a defined wire name; numbers, other spellings and unknown names are refused.</summary>
    public static bool TryParse(string? name, out ReportRating rating)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(WireName(candidate), name, StringComparison.Ordinal))
            {
                rating = candidate;
                return true;
            }
        }
        rating = default;
        return false;
    }

    /// <summary>A stored or posted name as a rating, or null when it is none.</summary>
    public static ReportRating? Parse(string? name) => TryParse(name, out var rating) ? rating : null;

    public static string Label(ReportRating rating) => rating switch
    {
        ReportRating.Satisfied => "满意",
        ReportRating.FairlySatisfied => "基本满意",
        ReportRating.Dissatisfied => "不满意",
        _ => "未知",
    };
}
