namespace SignageKiosk.Shared.Reports;

/// <summary>A resident's rating of a resolved report, given once (满意 / 基本满意 / 不满意). Wire names: camelCase.</summary>
public enum ReportRating
{
    /// <summary>满意</summary>
    Satisfied = 1,
    /// <summary>基本满意</summary>
    FairlySatisfied = 2,
    /// <summary>不满意</summary>
    Dissatisfied = 3,
}
