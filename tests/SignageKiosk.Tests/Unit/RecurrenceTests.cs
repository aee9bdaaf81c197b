using SignageKiosk.Shared.Activities;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Tests.Unit;

public sealed class RecurrenceTests
{
    private static Activity Monthly(DateTime first, Recurrence rule) => new()
    {
        Id = "a", Title = "三方联席会", Target = ItemTarget.Place("c"), Start = first, End = first.AddHours(2), Recurrence = rule,
    };

    private static List<DateTime> Starts(Activity activity, DateTime from, DateTime to) =>
        OccurrenceExpander.Expand(activity, from, to).Select(o => o.Start).ToList();

    [Fact]
    public void Monthly_on_the_second_tuesday_and_on_the_last_friday()
    {
        var second = Monthly(new DateTime(2026, 11, 10, 14, 0, 0), new Recurrence { Frequency = RecurrenceFrequency.Monthly, WeekOfMonth = 2, DaysOfWeek = [DayOfWeek.Tuesday] });
        Assert.Equal([new DateTime(2026, 11, 10, 14, 0, 0), new DateTime(2026, 12, 8, 14, 0, 0), new DateTime(2027, 1, 12, 14, 0, 0)],
            Starts(second, new DateTime(2026, 11, 1), new DateTime(2027, 2, 1)));
        var last = Monthly(new DateTime(2026, 11, 27, 19, 0, 0), new Recurrence { Frequency = RecurrenceFrequency.Monthly, WeekOfMonth = -1 });
        Assert.Equal([new DateTime(2026, 11, 27, 19, 0, 0), new DateTime(2026, 12, 25, 19, 0, 0), new DateTime(2027, 1, 29, 19, 0, 0), new DateTime(2027, 2, 26, 19, 0, 0)],
            Starts(last, new DateTime(2026, 11, 1), new DateTime(2027, 3, 1)));
    }

    [Fact]
    public void Monthly_on_the_31st_falls_on_the_last_day_of_shorter_months()
    {
        var activity = Monthly(new DateTime(2026, 10, 31, 9, 0, 0), new Recurrence { Frequency = RecurrenceFrequency.Monthly });
        Assert.Equal([new DateTime(2026, 10, 31, 9, 0, 0), new DateTime(2026, 11, 30, 9, 0, 0), new DateTime(2026, 12, 31, 9, 0, 0), new DateTime(2027, 1, 31, 9, 0, 0), new DateTime(2027, 2, 28, 9, 0, 0)],
            Starts(activity, new DateTime(2026, 10, 1), new DateTime(2027, 3, 1)));
    }

    [Fact]
    public void An_exception_date_skips_one_occurrence_of_the_series()
    {
        var weekly = new Activity
        {
            Id = "w", Title = "周六大扫除", Target = ItemTarget.Place("c"),
            Start = new DateTime(2026, 11, 7, 9, 0, 0), End = new DateTime(2026, 11, 7, 11, 0, 0),
            Recurrence = new Recurrence { Frequency = RecurrenceFrequency.Weekly, Exceptions = [new DateOnly(2026, 11, 21)] },
        };
        Assert.Equal([new DateTime(2026, 11, 14, 9, 0, 0), new DateTime(2026, 11, 28, 9, 0, 0)], Starts(weekly, new DateTime(2026, 11, 10), new DateTime(2026, 12, 1)));
    }

    [Fact]
    public void A_weekly_activity_stays_at_nine_o_clock_across_a_DST_change_and_the_board_sees_it_then()
    {
        var berlin = new Station { Id = "s", Name = "Station", PlaceId = "c", TimeZone = "Europe/Berlin" };
        var weekly = new Activity
        {
            Id = "w", Title = "Sonntagscafé", Target = ItemTarget.Place("c"),
            Start = new DateTime(2026, 10, 18, 9, 0, 0), End = new DateTime(2026, 10, 18, 11, 0, 0),
            Recurrence = new Recurrence { Frequency = RecurrenceFrequency.Weekly },
        };
        var content = new BoardContent { Stations = [berlin], Activities = [weekly] };
        // 09:30 local is 07:30 UTC in summer time (18 Oct) and 08:30 UTC in winter time (25 Oct, the day clocks go back).
        var summer = BoardView.Evaluate(content, new DateTimeOffset(2026, 10, 18, 7, 30, 0, TimeSpan.Zero));
        var winter = BoardView.Evaluate(content, new DateTimeOffset(2026, 10, 25, 8, 30, 0, TimeSpan.Zero));
        var winterAtSummerInstant = BoardView.Evaluate(content, new DateTimeOffset(2026, 10, 25, 7, 30, 0, TimeSpan.Zero));
        Assert.Contains(summer.Activities, o => o.Start <= summer.LocalNow && summer.LocalNow < o.End);
        Assert.Contains(winter.Activities, o => o.Start <= winter.LocalNow && winter.LocalNow < o.End);
        Assert.DoesNotContain(winterAtSummerInstant.Activities, o => o.Start <= winterAtSummerInstant.LocalNow && winterAtSummerInstant.LocalNow < o.End);
        // At 08:30 CET the board's next change is the start at 09:00 CET, which is 08:00 UTC.
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 8, 0, 0, TimeSpan.Zero), winterAtSummerInstant.NextBoundary);
    }

    [Theory]
    [InlineData(RecurrenceFrequency.Weekly, 2, "recurrence.weekOfMonth")]
    [InlineData(RecurrenceFrequency.Monthly, 6, "recurrence.weekOfMonth")]
    [InlineData(RecurrenceFrequency.Monthly, 0, "recurrence.weekOfMonth")]
    public void Week_of_month_is_checked(RecurrenceFrequency frequency, int week, string field)
    {
        var activity = Monthly(new DateTime(2026, 11, 10, 14, 0, 0), new Recurrence { Frequency = frequency, WeekOfMonth = week });
        Assert.Contains(ContentValidator.Validate(activity), e => e.Field == field);
    }
}
