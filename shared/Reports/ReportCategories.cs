namespace SignageKiosk.Shared.Reports;

/// <summary>Category names: the wire name (camelCase) and what staff and residents read.</summary>
public static class ReportCategories
{
    public static IReadOnlyList<ReportCategory> All { get; } = Enum.GetValues<ReportCategory>();

    public static bool IsKnown(ReportCategory category) => Enum.IsDefined(category);

    public static string WireName(ReportCategory category) =>
        System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(category.ToString());

    /// <summary>Only a defined name (e.g. "repairs", "safetyHazard"); numbers and unknown names are refused.</summary>
    public static bool TryParse(string? name, out ReportCategory category)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(WireName(candidate), name, StringComparison.Ordinal))
            {
                category = candidate;
                return true;
            }
        }
        category = default;
        return false;
    }

    public static string Label(ReportCategory category) => category switch
    {
        ReportCategory.Repairs => "报修",
        ReportCategory.Cleanliness => "环境卫生",
        ReportCategory.SafetyHazard => "安全隐患",
        ReportCategory.Noise => "噪音扰民",
        ReportCategory.Neighbours => "邻里纠纷",
        ReportCategory.Suggestion => "意见建议",
        ReportCategory.Other => "其他",
        _ => "未知",
    };
}
