using SignageKiosk.Shared.Reports;

namespace SignageKiosk.Tests.Unit;

/// <summary>The staff's part of reports as pure rules: states, time limits, overdue, and the monthly figures.</summary>
public sealed class ReportQueueRulesTests
{
    // 2026-12-10 10:00 in China.
    private static readonly DateTimeOffset Now = new(2026, 12, 10, 2, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("assigned", "inProgress")]
    [InlineData("inProgress", "resolved")]
    [InlineData("received", "declined")]
    [InlineData("assigned", "declined")]
    [InlineData("inProgress", "declined")]
    [InlineData("received", "spam")]
    [InlineData("inProgress", "spam")]
    public void The_happy_path_and_declining_or_spam_from_any_open_state_are_allowed(string from, string to) =>
        Assert.Null(ReportWorkflow.MoveProblem(from, to, "已修好"));

    [Theory]
    [InlineData("received", "inProgress", "请先派单")]
    [InlineData("received", "resolved", "请先开始处理")]
    [InlineData("assigned", "resolved", "请先开始处理")]
    [InlineData("received", "assigned", "派单")]
    [InlineData("inProgress", "received", "不能改回")]
    [InlineData("resolved", "declined", "不能再更改")]
    [InlineData("declined", "inProgress", "不能再更改")]
    [InlineData("spam", "resolved", "不能再更改")]
    [InlineData("resolved", "spam", "不能再更改")]
    [InlineData("inProgress", "closed", "state 只能是")]
    [InlineData("inProgress", null, "state 只能是")]
    public void Other_moves_are_refused_in_chinese(string from, string? to, string says) =>
        Assert.Contains(says, ReportWorkflow.MoveProblem(from, to, "回复"));

    [Fact]
    public void Resolving_needs_a_reply_and_declining_a_reason()
    {
        Assert.Contains("答复", ReportWorkflow.MoveProblem("inProgress", "resolved", null));
        Assert.Contains("答复", ReportWorkflow.MoveProblem("inProgress", "resolved", "  "));
        Assert.Contains("原因", ReportWorkflow.MoveProblem("assigned", "declined", null));
        Assert.Null(ReportWorkflow.MoveProblem("assigned", "spam", null));
        Assert.Null(ReportWorkflow.MoveProblem("assigned", "inProgress", null));
    }

    [Fact]
    public void Assigning_moves_a_new_report_on_and_keeps_one_in_hand_where_it_is_and_finals_refuse_it()
    {
        Assert.Equal(ReportState.Assigned, ReportWorkflow.AfterAssign(ReportState.Received));
        Assert.Equal(ReportState.InProgress, ReportWorkflow.AfterAssign(ReportState.InProgress));
        Assert.Null(ReportWorkflow.AssignProblem(ReportState.Assigned));
        foreach (var final in new[] { ReportState.Resolved, ReportState.Declined, ReportState.Spam })
        {
            Assert.NotNull(ReportWorkflow.AssignProblem(final));
            Assert.Empty(ReportWorkflow.Next(final));
        }
    }

    [Fact]
    public void Staff_text_is_cleaned_trimmed_and_limited()
    {
        Assert.Equal(("热线 12345", (string?)null), ReportWorkflow.CleanText("  热线 \u202E12345 ", 100, "答复"));
        Assert.Equal(((string?)null, (string?)null), ReportWorkflow.CleanText(" \u200B ", 100, "答复"));
        var (text, problem) = ReportWorkflow.CleanText(new string('修', 501), ReportWorkflow.MaxReplyLength, "答复");
        Assert.Null(text);
        Assert.Equal("答复最多 500 个字", problem);
    }

    [Fact]
    public void Time_limits_have_defaults_per_category_and_an_override_by_wire_name()
    {
        Assert.Equal(TimeSpan.FromDays(1), ReportTimeLimits.For(ReportCategory.SafetyHazard));
        Assert.Equal(TimeSpan.FromDays(3), ReportTimeLimits.For(ReportCategory.Repairs));
        Assert.Equal(TimeSpan.FromDays(10), ReportTimeLimits.For(ReportCategory.Suggestion));
        Assert.All(ReportCategories.All, c => Assert.True(ReportTimeLimits.Defaults.ContainsKey(c)));
        var overrides = new Dictionary<string, TimeSpan> { ["safetyHazard"] = TimeSpan.FromHours(4), ["repairs"] = TimeSpan.Zero };
        Assert.Equal(TimeSpan.FromHours(4), ReportTimeLimits.For(ReportCategory.SafetyHazard, overrides));
        Assert.Equal(TimeSpan.FromDays(3), ReportTimeLimits.For(ReportCategory.Repairs, overrides));
        Assert.Equal(Now.AddHours(4), ReportTimeLimits.DueAt(ReportCategory.SafetyHazard, Now, overrides));
    }

    [Fact]
    public void A_report_is_overdue_only_while_open_and_past_its_limit()
    {
        var due = Now.AddDays(-1);
        Assert.True(ReportWorkflow.IsOverdue(ReportState.Assigned, due, Now));
        Assert.False(ReportWorkflow.IsOverdue(ReportState.Assigned, Now, Now));
        Assert.False(ReportWorkflow.IsOverdue(ReportState.Resolved, due, Now));
        Assert.False(ReportWorkflow.IsOverdue(ReportState.Spam, due, Now));
        Assert.False(ReportWorkflow.IsOverdue(ReportState.Received, null, Now));
    }

    private static ReportFiguresCalculator.Fact Fact(string state, DateTimeOffset received, double limitDays = 3, double? resolvedAfterDays = null,
        ReportRating? rating = null, DateTimeOffset? ratedAt = null) =>
        new(state, received, received.AddDays(limitDays), resolvedAfterDays is { } d ? received.AddDays(d) : null, rating, ratedAt);

    [Fact]
    public void The_months_figures_count_in_china_time_leave_spam_out_and_take_the_median()
    {
        // 2026-11-30 23:30 in China is still November; 2026-12-01 00:10 in China is December (2026-11-30 16:10 UTC).
        var lateNovember = new DateTimeOffset(2026, 11, 30, 15, 30, 0, TimeSpan.Zero);
        var earlyDecember = new DateTimeOffset(2026, 11, 30, 16, 10, 0, TimeSpan.Zero);
        var facts = new[]
        {
            Fact(ReportState.Resolved, lateNovember, resolvedAfterDays: 2),               // resolved in December, in time, 2 days
            Fact(ReportState.Resolved, earlyDecember, limitDays: 1, resolvedAfterDays: 4, rating: ReportRating.Dissatisfied, ratedAt: Now), // late, 4 days
            Fact(ReportState.Resolved, earlyDecember, resolvedAfterDays: 1, rating: ReportRating.FairlySatisfied, ratedAt: Now),          // in time, 1 day
            Fact(ReportState.InProgress, Now.AddDays(-1)),
            Fact(ReportState.Spam, Now.AddDays(-2), rating: ReportRating.Satisfied, ratedAt: Now),
            Fact(ReportState.Resolved, Now.AddDays(-60), resolvedAfterDays: 5),             // resolved in October: not this month
        };
        var counts = ReportFiguresCalculator.Calculate(facts, Now);
        Assert.Equal("2026-12", counts.Month);
        Assert.Equal(3, counts.Received);
        Assert.Equal(3, counts.Resolved);
        Assert.Equal(2, counts.ResolvedInTime);
        Assert.Equal(2.0, counts.MedianDaysToResolve);
        Assert.Equal(0.5, counts.SatisfiedShare);

        var november = ReportFiguresCalculator.Calculate(facts, lateNovember.AddMinutes(1));
        Assert.Equal("2026-11", november.Month);
        Assert.Equal(1, november.Received);
        Assert.Equal(0, november.Resolved);
        Assert.Null(november.MedianDaysToResolve);
        Assert.Null(november.SatisfiedShare);
    }

    [Fact]
    public void The_median_of_an_even_count_is_the_mean_of_the_middle_two_and_the_item_carries_counts_only()
    {
        var received = Now.AddDays(-5);
        var counts = ReportFiguresCalculator.Calculate([Fact(ReportState.Resolved, received, resolvedAfterDays: 1), Fact(ReportState.Resolved, received, resolvedAfterDays: 2)], Now);
        Assert.Equal(1.5, counts.MedianDaysToResolve);
        var item = ReportFiguresCalculator.Item("compound-a", counts, Now);
        Assert.Equal("report-figures:compound-a", item.Id);
        Assert.Equal("compound-a", item.Target.PlaceId);
        Assert.Equal(counts, ReportFiguresCalculator.CountsOf(item));
        var (start, end) = ReportFiguresCalculator.MonthBounds(Now);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 16, 0, 0, TimeSpan.Zero), start);
        Assert.Equal(new DateTimeOffset(2026, 12, 31, 16, 0, 0, TimeSpan.Zero), end);
    }
}
