using SignageKiosk.Shared.Activities;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Duty;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Tests.Unit;

/// <summary>
/// Europe/Berlin in 2026: clocks go forward on 29 March (02:00 CET → 03:00 CEST, at 01:00 UTC) and back on
/// 25 October (03:00 CEST → 02:00 CET, at 01:00 UTC). Duty and activities are wall-clock times; the board
/// must show them during exactly the real hours those times stand for.
/// </summary>
public sealed class ScheduleDstTests
{
    private static readonly ItemTarget Here = ItemTarget.Place("c");
    private static readonly Station Berlin = new() { Id = "s", Name = "Nachbarschaftszentrum", PlaceId = "c", TimeZone = "Europe/Berlin" };

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    private static DutyShift Shift(string id, DateTime start, DateTime end) =>
        new() { Id = id, Target = Here, PersonName = id, Role = "Nachtdienst", Start = start, End = end };

    /// <summary>Every UTC minute in [from, to) at which the shift is shown on duty.</summary>
    private static List<DateTimeOffset> MinutesOnDuty(BoardContent content, string shiftId, DateTimeOffset from, DateTimeOffset to)
    {
        var minutes = new List<DateTimeOffset>();
        for (var t = from; t < to; t = t.AddMinutes(1))
        {
            if (BoardView.Evaluate(content, t).OnDuty.Any(s => s.Id == shiftId))
            {
                minutes.Add(t);
            }
        }
        return minutes;
    }

    [Fact]
    public void The_night_shift_22_to_06_is_on_duty_seven_real_hours_when_clocks_go_forward()
    {
        var content = new BoardContent { Stations = [Berlin], DutyShifts = [Shift("night", new DateTime(2026, 3, 28, 22, 0, 0), new DateTime(2026, 3, 29, 6, 0, 0))] };
        var minutes = MinutesOnDuty(content, "night", Utc(3, 28, 12), Utc(3, 29, 12));
        Assert.Equal(7 * 60, minutes.Count);
        Assert.Equal(Utc(3, 28, 21), minutes[0]);           // 22:00 CET
        Assert.Equal(Utc(3, 29, 3, 59), minutes[^1]);       // 05:59 CEST
        Assert.Equal(minutes.Count - 1, (minutes[^1] - minutes[0]).TotalMinutes);
        // Before midnight the next change is midnight (the date); after it, the end at 06:00 CEST.
        Assert.Equal(Utc(3, 28, 23), BoardView.Evaluate(content, Utc(3, 28, 22)).NextBoundary);
        Assert.Equal(Utc(3, 29, 4), BoardView.Evaluate(content, Utc(3, 28, 23, 30)).NextBoundary);
    }

    [Fact]
    public void The_night_shift_22_to_06_is_on_duty_nine_real_hours_when_clocks_go_back()
    {
        var content = new BoardContent { Stations = [Berlin], DutyShifts = [Shift("night", new DateTime(2026, 10, 24, 22, 0, 0), new DateTime(2026, 10, 25, 6, 0, 0))] };
        var minutes = MinutesOnDuty(content, "night", Utc(10, 24, 12), Utc(10, 25, 12));
        Assert.Equal(9 * 60, minutes.Count);
        Assert.Equal(Utc(10, 24, 20), minutes[0]);          // 22:00 CEST
        Assert.Equal(Utc(10, 25, 4, 59), minutes[^1]);      // 05:59 CET
        Assert.Equal(minutes.Count - 1, (minutes[^1] - minutes[0]).TotalMinutes);
        Assert.Equal(Utc(10, 25, 5), BoardView.Evaluate(content, Utc(10, 24, 23)).NextBoundary);
    }

    [Fact]
    public void A_shift_ending_in_the_repeated_hour_ends_at_its_first_pass_and_hands_over_without_gap_or_overlap()
    {
        // 02:30 comes twice on 25 October: first at 00:30 UTC (CEST), then at 01:30 UTC (CET).
        var early = Shift("early", new DateTime(2026, 10, 24, 20, 0, 0), new DateTime(2026, 10, 25, 2, 30, 0));
        var late = Shift("late", new DateTime(2026, 10, 25, 2, 30, 0), new DateTime(2026, 10, 25, 8, 0, 0));
        var content = new BoardContent { Stations = [Berlin], DutyShifts = [early, late] };
        // At 02:15 CET (the second 02:15) the early shift is over, though the wall clock reads before 02:30.
        Assert.Equal(["late"], BoardView.Evaluate(content, Utc(10, 25, 1, 15)).OnDuty.Select(s => s.Id));
        for (var t = Utc(10, 24, 18); t < Utc(10, 25, 7); t = t.AddMinutes(1))
        {
            Assert.Single(BoardView.Evaluate(content, t).OnDuty);
        }
        Assert.Equal(6 * 60 + 30, MinutesOnDuty(content, "early", Utc(10, 24, 12), Utc(10, 25, 12)).Count);
        Assert.Equal(6 * 60 + 30, MinutesOnDuty(content, "late", Utc(10, 24, 12), Utc(10, 25, 12)).Count);
        Assert.Equal(Utc(10, 25, 0, 30), BoardView.Evaluate(content, Utc(10, 25, 0)).NextBoundary);
    }

    [Fact]
    public void A_time_skipped_when_clocks_go_forward_is_read_with_the_offset_before_the_gap_and_hands_over_cleanly()
    {
        // 02:30 on 29 March does not exist in Berlin; read with the winter offset (as iCalendar does) it is 01:30 UTC, 03:30 CEST.
        var clock = new StationClock("Europe/Berlin");
        Assert.Equal(Utc(3, 29, 1, 30), clock.ToInstant(new DateTime(2026, 3, 29, 2, 30, 0)));
        Assert.Equal(Utc(3, 29, 0, 59), clock.ToInstant(new DateTime(2026, 3, 29, 1, 59, 0)));
        Assert.Equal(Utc(3, 29, 1), clock.ToInstant(new DateTime(2026, 3, 29, 3, 0, 0)));

        // The night shift until 02:30 hands over to the one from 02:30 at that same instant: never both, never nobody.
        var early = Shift("early", new DateTime(2026, 3, 28, 22, 0, 0), new DateTime(2026, 3, 29, 2, 30, 0));
        var late = Shift("late", new DateTime(2026, 3, 29, 2, 30, 0), new DateTime(2026, 3, 29, 8, 0, 0));
        var content = new BoardContent { Stations = [Berlin], DutyShifts = [early, late] };
        for (var t = Utc(3, 28, 21); t < Utc(3, 29, 6); t = t.AddMinutes(1))
        {
            Assert.Single(BoardView.Evaluate(content, t).OnDuty);
        }
        Assert.Equal(4 * 60 + 30, MinutesOnDuty(content, "early", Utc(3, 28, 12), Utc(3, 29, 12)).Count);
        Assert.Equal(4 * 60 + 30, MinutesOnDuty(content, "late", Utc(3, 28, 12), Utc(3, 29, 12)).Count);
        Assert.Equal(Utc(3, 29, 1, 30), BoardView.Evaluate(content, Utc(3, 29, 0)).NextBoundary);
    }

    [Fact]
    public void A_daily_activity_keeps_its_wall_clock_time_on_both_sides_of_both_changes()
    {
        var daily = new Activity
        {
            Id = "cafe", Title = "Seniorencafé", Target = Here,
            Start = new DateTime(2026, 3, 1, 9, 0, 0), End = new DateTime(2026, 3, 1, 10, 0, 0),
            Recurrence = new Recurrence { Frequency = RecurrenceFrequency.Daily },
        };
        var content = new BoardContent { Stations = [Berlin], Activities = [daily] };
        bool Happening(DateTimeOffset at) => BoardView.Evaluate(content, at).Happening.Any(o => o.Activity.Id == "cafe");
        // 09:30 local: 08:30 UTC in winter time, 07:30 UTC in summer time.
        Assert.True(Happening(Utc(3, 28, 8, 30)));
        Assert.False(Happening(Utc(3, 28, 7, 30)));
        Assert.True(Happening(Utc(3, 29, 7, 30)));
        Assert.False(Happening(Utc(3, 29, 8, 30)));
        Assert.True(Happening(Utc(10, 24, 7, 30)));
        Assert.True(Happening(Utc(10, 25, 8, 30)));
        Assert.False(Happening(Utc(10, 25, 7, 30)));
        // From 05:00 CEST on the spring-forward morning, the start is 09:00 CEST = 07:00 UTC.
        Assert.Equal(Utc(3, 29, 7), BoardView.Evaluate(content, Utc(3, 29, 3)).NextBoundary);
    }

    [Fact]
    public void A_weekly_activity_across_the_spring_change_is_at_nine_both_sundays()
    {
        var weekly = new Activity
        {
            Id = "w", Title = "Sonntagscafé", Target = Here,
            Start = new DateTime(2026, 3, 22, 9, 0, 0), End = new DateTime(2026, 3, 22, 11, 0, 0),
            Recurrence = new Recurrence { Frequency = RecurrenceFrequency.Weekly },
        };
        var content = new BoardContent { Stations = [Berlin], Activities = [weekly] };
        Assert.Single(BoardView.Evaluate(content, Utc(3, 22, 8, 30)).Happening);   // 09:30 CET
        Assert.Single(BoardView.Evaluate(content, Utc(3, 29, 7, 30)).Happening);   // 09:30 CEST
        Assert.Empty(BoardView.Evaluate(content, Utc(3, 29, 6, 30)).Happening);    // 08:30 CEST
        Assert.Equal(Utc(3, 29, 7), BoardView.Evaluate(content, Utc(3, 29, 6, 30)).NextBoundary);
    }

    [Fact]
    public void An_activity_in_the_repeated_hour_happens_once_and_one_starting_in_the_skipped_hour_starts_after_it()
    {
        var repeated = new Activity
        {
            Id = "r", Title = "Nachtwache", Target = Here,
            Start = new DateTime(2026, 10, 20, 2, 15, 0), End = new DateTime(2026, 10, 20, 2, 45, 0),
            Recurrence = new Recurrence { Frequency = RecurrenceFrequency.Daily },
        };
        var content = new BoardContent { Stations = [Berlin], Activities = [repeated] };
        Assert.Single(BoardView.Evaluate(content, Utc(10, 25, 0, 30)).Happening);    // 02:30 CEST, first pass
        Assert.Empty(BoardView.Evaluate(content, Utc(10, 25, 1, 30)).Happening);     // 02:30 CET, second pass
        Assert.DoesNotContain(BoardView.Evaluate(content, Utc(10, 25, 1, 30)).Activities, o => o.Start.Date == new DateTime(2026, 10, 25));

        // One that starts at 02:30 began at the first 02:30: at the second 02:15 it is going on.
        var started = repeated with { Id = "started", Start = new DateTime(2026, 10, 20, 2, 30, 0), End = new DateTime(2026, 10, 20, 4, 0, 0) };
        var second = BoardView.Evaluate(content with { Activities = [started] }, Utc(10, 25, 1, 15));
        Assert.Equal(["started"], second.Happening.Select(o => o.Activity.Id));
        Assert.Equal(Utc(10, 25, 3), second.NextBoundary);

        var skipped = repeated with { Start = new DateTime(2026, 3, 20, 2, 30, 0), End = new DateTime(2026, 3, 20, 4, 0, 0) };
        content = new BoardContent { Stations = [Berlin], Activities = [skipped] };
        // 02:30–04:00 on 29 March: from 03:30 CEST (01:30 UTC) to 04:00 CEST (02:00 UTC).
        Assert.Empty(BoardView.Evaluate(content, Utc(3, 29, 1, 15)).Happening);
        Assert.Single(BoardView.Evaluate(content, Utc(3, 29, 1, 30)).Happening);
        Assert.Empty(BoardView.Evaluate(content, Utc(3, 29, 2)).Happening);
        Assert.Equal(Utc(3, 29, 1, 30), BoardView.Evaluate(content, Utc(3, 29, 0, 30)).NextBoundary);
    }
}
