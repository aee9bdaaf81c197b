namespace SignageKiosk.Shared.Reports;

/// <summary>What a resident's report (我要反映) is about. The names travel as camelCase text; never renumber.</summary>
public enum ReportCategory
{
    /// <summary>报修</summary>
    Repairs = 1,
    /// <summary>环境卫生</summary>
    Cleanliness = 2,
    /// <summary>安全隐患</summary>
    SafetyHazard = 3,
    /// <summary>噪音扰民</summary>
    Noise = 4,
    /// <summary>邻里纠纷</summary>
    Neighbours = 5,
    /// <summary>意见建议</summary>
    Suggestion = 6,
    /// <summary>其他</summary>
    Other = 7,
}
