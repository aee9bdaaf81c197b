namespace SignageKiosk.Shared.Reports;

/// <summary>
/// Where a resident's report stands. The strings are the wire, URL and database names; never rename one.
/// received → assigned → inProgress → resolved, or declined (with a reason) from any open state; spam is set by staff
/// and hides a report from the figures and the look-up.
/// </summary>
public static class ReportState
{
    public const string Received = "received";
    public const string Assigned = "assigned";
    public const string InProgress = "inProgress";
    public const string Resolved = "resolved";
    public const string Declined = "declined";
    public const string Spam = "spam";

    public static IReadOnlyList<string> All { get; } = [Received, Assigned, InProgress, Resolved, Declined, Spam];

    /// <summary>Still waiting for staff: counts against the category's time limit.</summary>
    public static bool IsOpen(string state) => state is Received or Assigned or InProgress;

    public static bool IsKnown(string? state) => state is not null && All.Contains(state, StringComparer.Ordinal);

    public static string Label(string state) => state switch
    {
        Received => "已受理",
        Assigned => "已派单",
        InProgress => "处理中",
        Resolved => "已办结",
        Declined => "不予受理",
        Spam => "无效",
        _ => "未知",
    };
}
