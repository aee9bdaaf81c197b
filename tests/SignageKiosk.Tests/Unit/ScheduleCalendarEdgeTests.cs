using SignageKiosk.Shared.Activities;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Duty;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Tests.Unit;

/// <summary>Midnight and month ends: the 31st, 29 February in a leap year, the last weekday, an activity across midnight.</summary>
public sealed class ScheduleCalendarEdgeTests
{
    private static readonly ItemTarget Here = ItemTarget.Place("c");
    private static readonly Station Shanghai = new() { Id = "s", Name = "丹桂苑红色驿站", PlaceId = "c" };

    private static DateTimeOffset Local(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.FromHours(8));

    private static Activity Series(DateTime start, TimeSpan length, Recurrence rule) =>
        new() { Id = "a", Title = "三方联席会", Target = Here, Start = start, End = start + length, Recurrence = rule };

    private static List<DateTime> Starts(Activity activity, DateTime from, DateTime to) =>
        OccurrenceExpander.Expand(activity, from, to).Select(o => o.Start).ToList();

    [Fact]
    public void Monthly_on_the_29th_meets_29_February_in_a_leap_year_and_28_February_otherwise()
    {
        var leap = Series(new DateTime(2028, 1, 29, 9, 0, 0), TimeSpan.FromHours(2), new Recurrence { Frequency = RecurrenceFrequency.Monthly });
        Assert.Equal([new DateTime(2028, 1, 29, 9, 0, 0), new DateTime(2028, 2, 29, 9, 0, 0), new DateTime(2028, 3, 29, 9, 0, 0)],
            Starts(leap, new DateTime(2028, 1, 1), new DateTime(2028, 4, 1)));
        var common = leap with { Start = new DateTime(2027, 1, 29, 9, 0, 0), End = new DateTime(2027, 1, 29, 11, 0, 0) };
        Assert.Equal([new DateTime(2027, 1, 29, 9, 0, 0), new DateTime(2027, 2, 28, 9, 0, 0), new DateTime(2027, 3, 29, 9, 0, 0)],
            Starts(common, new DateTime(2027, 1, 1), new DateTime(2027, 4, 1)));
        var on31st = leap with { Start = new DateTime(2028, 1, 31, 9, 0, 0), End = new DateTime(2028, 1, 31, 11, 0, 0) };
        Assert.Equal([new DateTime(2028, 1, 31, 9, 0, 0), new DateTime(2028, 2, 29, 9, 0, 0), new DateTime(2028, 3, 31, 9, 0, 0), new DateTime(2028, 4, 30, 9, 0, 0)],
            Starts(on31st, new DateTime(2028, 1, 1), new DateTime(2028, 5, 1)));
    }

    [Fact]
    public void The_last_weekday_of_February_in_a_leap_year_is_found_on_the_29th_when_it_falls_there()
    {
        // 29 February 2028 is a Tuesday: the last Tuesday is the 29th, the last Monday the 28th.
        var lastTuesday = Series(new DateTime(2028, 1, 25, 19, 0, 0), TimeSpan.FromHours(1), new Recurrence { Frequency = RecurrenceFrequency.Monthly, WeekOfMonth = -1 });
        Assert.Equal([new DateTime(2028, 1, 25, 19, 0, 0), new DateTime(2028, 2, 29, 19, 0, 0), new DateTime(2028, 3, 28, 19, 0, 0)],
            Starts(lastTuesday, new DateTime(2028, 1, 1), new DateTime(2028, 4, 1)));
        var lastMonday = Series(new DateTime(2028, 1, 31, 19, 0, 0), TimeSpan.FromHours(1), new Recurrence { Frequency = RecurrenceFrequency.Monthly, WeekOfMonth = -1 });
        Assert.Equal([new DateTime(2028, 1, 31, 19, 0, 0), new DateTime(2028, 2, 28, 19, 0, 0), new DateTime(2028, 3, 27, 19, 0, 0)],
            Starts(lastMonday, new DateTime(2028, 1, 1), new DateTime(2028, 4, 1)));
        // The fifth Tuesday exists only in months that have one.
        var fifth = Series(new DateTime(2028, 2, 29, 19, 0, 0), TimeSpan.FromHours(1), new Recurrence { Frequency = RecurrenceFrequency.Monthly, WeekOfMonth = 5, DaysOfWeek = [DayOfWeek.Tuesday] });
        Assert.Equal([new DateTime(2028, 2, 29, 19, 0, 0), new DateTime(2028, 5, 30, 19, 0, 0)], Starts(fifth, new DateTime(2028, 2, 1), new DateTime(2028, 6, 1)));
    }

    [Fact]
    public void A_daily_activity_across_midnight_is_on_after_midnight_even_at_the_turn_of_the_month()
    {
        // 22:00–01:00 every night of November, last one starting on the 30th.
        var night = Series(new DateTime(2026, 11, 1, 22, 0, 0), TimeSpan.FromHours(3), new Recurrence { Frequency = RecurrenceFrequency.Daily, Until = new DateOnly(2026, 11, 30) }) with { Title = "夜间巡逻" };
        var content = new BoardContent { Stations = [Shanghai], Activities = [night] };

        var afterMidnight = BoardView.Evaluate(content, Local(2026, 12, 1, 0, 30));
        var happening = Assert.Single(afterMidnight.Happening);
        Assert.Equal(new DateTime(2026, 11, 30, 22, 0, 0), happening.Start);
        Assert.Equal(new DateOnly(2026, 11, 30), happening.SeriesDate);
        Assert.Equal(Local(2026, 12, 1, 1, 0), afterMidnight.NextBoundary);
        // The board lists it under "today" while it runs, though it began yesterday.
        Assert.Contains("夜间巡逻", Section(BoardRenderer.RenderBody(afterMidnight), "data-tab-page=\"today\""));
        // Until the 30th: nothing on the night of 1 December.
        Assert.Empty(BoardView.Evaluate(content, Local(2026, 12, 1, 23, 0)).Activities);
        Assert.Empty(BoardView.Evaluate(content, Local(2026, 12, 1, 1, 0)).Happening);

        // Just before midnight the next change is the date itself.
        var beforeMidnight = BoardView.Evaluate(content, Local(2026, 11, 30, 23, 59));
        Assert.Single(beforeMidnight.Happening);
        Assert.Equal(Local(2026, 12, 1, 0, 0), beforeMidnight.NextBoundary);
    }

    [Fact]
    public void Midnight_on_28_February_of_a_leap_year_turns_the_board_to_the_29th()
    {
        var content = new BoardContent { Stations = [Shanghai] };
        var view = BoardView.Evaluate(content, Local(2028, 2, 28, 23, 30));
        Assert.Equal(Local(2028, 2, 29, 0, 0), view.NextBoundary);
        var next = BoardView.Evaluate(content, view.NextBoundary!.Value);
        Assert.Equal(new DateTime(2028, 2, 29), next.LocalNow);
        Assert.Contains("2028年2月29日", BoardRenderer.RenderBody(next));
        Assert.Equal(Local(2028, 3, 1, 0, 0), next.NextBoundary);
    }

    [Fact]
    public void A_shift_ending_at_midnight_on_the_31st_is_off_duty_at_midnight()
    {
        var shift = new DutyShift { Id = "eve", Target = Here, PersonName = "王芳", Role = "晚班", Start = new DateTime(2026, 12, 31, 18, 0, 0), End = new DateTime(2027, 1, 1, 0, 0, 0) };
        var content = new BoardContent { Stations = [Shanghai], DutyShifts = [shift] };
        Assert.Single(BoardView.Evaluate(content, Local(2027, 1, 1, 0, 0).AddTicks(-1)).OnDuty);
        Assert.Empty(BoardView.Evaluate(content, Local(2027, 1, 1, 0, 0)).OnDuty);
        Assert.Equal(Local(2027, 1, 1, 0, 0), BoardView.Evaluate(content, Local(2026, 12, 31, 20, 0)).NextBoundary);
    }

    /// <summary>The markup from an opening marker to the next tab page.</summary>
    internal static string Section(string html, string marker)
    {
        var start = html.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(start >= 0, marker + " not found");
        var end = html.IndexOf("data-tab-page=", start + marker.Length, StringComparison.Ordinal);
        return end < 0 ? html[start..] : html[start..end];
    }
}
