namespace SignageKiosk.Shared.Reports;

/// <summary>
/// Which state a report may move to, and what each move needs (docs/decisions/0029). The happy path is
/// received → assigned (by assigning someone) → inProgress → resolved (with a reply residents read). From any open
/// state staff may decline (with a reason residents read) or mark it as spam. Resolved, declined and spam are final:
/// there is no reopening — a resident whose problem returns reports again and gets a new reference, so the month's
/// figures never change behind a board's back.
/// </summary>
public static class ReportWorkflow
{
    public const int MaxReplyLength = 500;
    public const int MaxNoteLength = 1000;

    public static bool IsFinal(string state) => state is ReportState.Resolved or ReportState.Declined or ReportState.Spam;

    /// <summary>States a staff member may choose next from <paramref name="from"/> (assigning is its own action).</summary>
    public static IReadOnlyList<string> Next(string from) => from switch
    {
        ReportState.Received => [ReportState.Declined, ReportState.Spam],
        ReportState.Assigned => [ReportState.InProgress, ReportState.Declined, ReportState.Spam],
        ReportState.InProgress => [ReportState.Resolved, ReportState.Declined, ReportState.Spam],
        _ => [],
    };

    /// <summary>Why moving from <paramref name="from"/> to <paramref name="to"/> is refused (Chinese); null when allowed.</summary>
    public static string? MoveProblem(string from, string? to, string? publicReply)
    {
        if (!ReportState.IsKnown(to))
        {
            return $"state 只能是 {string.Join("、", ReportState.All)}";
        }
        if (IsFinal(from))
        {
            return $"这条反映的状态是“{ReportState.Label(from)}”，不能再更改状态";
        }
        if (to == ReportState.Assigned)
        {
            return "派单请选择处理人（assign），不能直接改为“已派单”";
        }
        if (to == ReportState.Received)
        {
            return "不能改回“已受理”";
        }
        if (!Next(from).Contains(to))
        {
            return to == ReportState.InProgress
                ? "请先派单，再开始处理"
                : $"“{ReportState.Label(from)}”的反映不能直接改为“{ReportState.Label(to!)}”，请先开始处理";
        }
        if (to == ReportState.Resolved && string.IsNullOrWhiteSpace(publicReply))
        {
            return "办结时请填写给居民的答复";
        }
        if (to == ReportState.Declined && string.IsNullOrWhiteSpace(publicReply))
        {
            return "不予受理时请填写原因";
        }
        return null;
    }

    /// <summary>Why assigning is refused in <paramref name="state"/>; null when allowed (reassigning keeps the state).</summary>
    public static string? AssignProblem(string state) =>
        ReportState.IsOpen(state) ? null : $"这条反映的状态是“{ReportState.Label(state)}”，不能再派单";

    /// <summary>The state after assigning: a new report becomes assigned; one already in hand keeps its state.</summary>
    public static string AfterAssign(string state) => state == ReportState.Received ? ReportState.Assigned : state;

    /// <summary>Open and past its time limit.</summary>
    public static bool IsOverdue(string state, DateTimeOffset? dueAt, DateTimeOffset now) =>
        ReportState.IsOpen(state) && dueAt is { } due && now > due;

    /// <summary>
    /// Staff text (reply, reason, note) as stored: cleaned like every staff text (<see cref="Content.StaffText"/>),
    /// trimmed; null when empty. The problem is in Chinese, or null.
    /// </summary>
    public static (string? Text, string? Problem) CleanText(string? text, int maxLength, string what)
    {
        if (text is null)
        {
            return (null, null);
        }
        var cleaned = Content.StaffText.Clean(text).Trim();
        if (cleaned.Length == 0)
        {
            return (null, null);
        }
        return cleaned.Length > maxLength ? (null, $"{what}最多 {maxLength} 个字") : (cleaned, null);
    }
}
