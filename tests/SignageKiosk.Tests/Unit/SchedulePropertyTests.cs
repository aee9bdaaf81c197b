using FsCheck;
using FsCheck.Fluent;
using SignageKiosk.Shared.Activities;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Duty;
using SignageKiosk.Shared.Holidays;
using SignageKiosk.Shared.Notices;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Tests.Unit;

/// <summary>
/// Properties of schedule evaluation over random content, instants and zones, concentrated around the
/// moments clocks change in Berlin and New York (Shanghai has none), and around midnights at month ends.
/// Each case prints as JSON when it fails.
/// </summary>
public sealed class SchedulePropertyTests
{
    private static readonly string[] Zones = ["Asia/Shanghai", "Europe/Berlin", "America/New_York"];
    private static readonly ItemTarget Here = ItemTarget.Place("c");

    /// <summary>Month ends, 29 February 2028, the days around the DST changes, and an ordinary day.</summary>
    private static readonly DateTime[] Days =
    [
        new(2026, 1, 31), new(2026, 4, 30), new(2026, 12, 31), new(2028, 2, 28), new(2028, 2, 29), new(2026, 11, 23),
        new(2026, 3, 7), new(2026, 3, 30), new(2026, 10, 24), new(2026, 11, 2),
    ];

    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(1000);

    // ---- generators -------------------------------------------------------------------------------

    /// <summary>Where a case happens: a zone and an instant it is about, with that instant's wall-clock time.</summary>
    public sealed record Scene(string Zone, DateTimeOffset Instant)
    {
        public DateTime Wall => TimeZoneInfo.ConvertTime(Instant, TimeZoneInfo.FindSystemTimeZoneById(Zone)).DateTime;
        public override string ToString() => $"{Zone} around {Instant:o}";
    }

    /// <summary>The instants of 2026 at which a zone's offset changes, found by stepping through the year's hours.</summary>
    private static DateTimeOffset[] Transitions(string zone)
    {
        var info = TimeZoneInfo.FindSystemTimeZoneById(zone);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        return Enumerable.Range(1, 365 * 24).Select(h => start.AddHours(h))
            .Where(t => info.GetUtcOffset(t) != info.GetUtcOffset(t.AddHours(-1))).ToArray();
    }

    private static readonly Dictionary<string, DateTimeOffset[]> TransitionsOf = Zones.ToDictionary(z => z, Transitions);

    /// <summary>Mostly the moments clocks change (where they do), otherwise the midnights of <see cref="Days"/>.</summary>
    private static readonly Gen<Scene> Scenes =
        from zone in Gen.Elements(Zones)
        from atTransition in Gen.Elements(true, true, false)
        from day in Gen.Elements(Days)
        from transition in Gen.Elements(TransitionsOf[zone].DefaultIfEmpty(DateTimeOffset.MinValue))
        select new Scene(zone, atTransition && transition != DateTimeOffset.MinValue ? transition : new StationClock(zone).ToInstant(day));

    /// <summary>A wall-clock time on a quarter hour: mostly within a couple of hours of the scene, sometimes a day and a half away.</summary>
    private static Gen<DateTime> WallNear(Scene scene) =>
        from quarters in Gen.Frequency((2, Gen.Choose(-2 * 4, 2 * 4)), (2, Gen.Choose(-6 * 4, 6 * 4)), (1, Gen.Choose(-36 * 4, 36 * 4)))
        let wall = scene.Wall
        select wall.Date.AddMinutes(wall.Hour * 60 + wall.Minute / 15 * 15 + quarters * 15);

    private static Gen<DutyShift> ShiftNear(Scene scene, int index) =>
        from start in WallNear(scene)
        from quarters in Gen.Choose(1, 16 * 4)   // up to 16 hours: overnight shifts included
        select new DutyShift { Id = "s" + index, Target = Here, PersonName = "值班" + index, Role = "值班", Start = start, End = start.AddMinutes(quarters * 15) };

    private static Gen<List<T>> Indexed<T>(int max, Func<int, Gen<T>> item) =>
        Gen.Choose(0, max).SelectMany(n => Gen.CollectToList(Enumerable.Range(0, n).Select(item))).Select(l => l.ToList());

    /// <summary>
    /// A change as offsets: which day (from the scene's, mostly close to it), and what becomes of it, moved
    /// mostly by hours, sometimes by days (made concrete by <see cref="ActivityNear"/>).
    /// </summary>
    private static readonly Gen<(int Day, int Kind, int MoveQuarters, int LengthQuarters)> AnyChange =
        from day in Gen.Frequency((4, Gen.Choose(-3, 3)), (1, Gen.Choose(-60, 60)))
        from kind in Gen.Choose(0, 4)
        from move in Gen.Frequency((3, Gen.Choose(-6 * 4, 6 * 4)), (1, Gen.Choose(-3 * 24 * 4, 3 * 24 * 4)))
        from length in Gen.Choose(-4, 12 * 4)
        select (day, kind, move, length);

    /// <summary>Any series: daily, weekly on some days, monthly on a date or on the nth/last weekday; with an end, exceptions and changes.</summary>
    private static Gen<Activity> ActivityNear(Scene scene, int index) =>
        from firstOffset in Gen.Frequency((1, Gen.Constant(0)), (3, Gen.Choose(-60, 2)))
        from near in WallNear(scene)
        from lengthQuarters in Gen.Frequency((2, Gen.Choose(1, 8)), (1, Gen.Choose(1, 30 * 4)))
        from frequency in Gen.Elements(RecurrenceFrequency.None, RecurrenceFrequency.Daily, RecurrenceFrequency.Daily, RecurrenceFrequency.Weekly, RecurrenceFrequency.Monthly)
        from interval in Gen.Choose(1, 3)
        from days in Gen.SubListOf(Enum.GetValues<DayOfWeek>())
        from week in Gen.Elements<int?>(null, null, 1, 2, 3, 4, 5, -1)
        from until in Gen.Elements<int?>(null, 0, 10, 40, 90)
        from exceptions in Gen.ListOf(Gen.Frequency((3, Gen.Choose(-3, 3)), (1, Gen.Choose(-60, 60))), 3)
        from changes in Gen.Choose(0, 4).SelectMany(n => Gen.ListOf(AnyChange, n))
        from held in Gen.Elements(false, true)
        let first = near.AddDays(firstOffset)
        let firstDate = DateOnly.FromDateTime(first)
        let sceneDate = DateOnly.FromDateTime(scene.Wall)
        let monthlyNth = frequency == RecurrenceFrequency.Monthly && week is not null
        select new Activity
        {
            Id = "a" + index, Title = "活动" + index, Room = "书画室", Target = Here, HeldOnHolidays = held,
            Start = first, End = first.AddMinutes(lengthQuarters * 15),
            Recurrence = frequency == RecurrenceFrequency.None ? null : new Recurrence
            {
                Frequency = frequency,
                Interval = interval,
                DaysOfWeek = frequency == RecurrenceFrequency.Weekly ? days.ToList() : monthlyNth && days.Count > 0 ? [days[0]] : [],
                WeekOfMonth = monthlyNth ? week : null,
                Until = until is { } u ? firstDate.AddDays(u) : null,
                Exceptions = exceptions.Select(e => sceneDate.AddDays(e)).ToList(),
                // Some keyed by dates the series does not hold, some on exceptions, some twice: all must be handled.
                Changes = changes.Select(c =>
                {
                    var date = sceneDate.AddDays(c.Day);
                    var start = date.ToDateTime(TimeOnly.FromDateTime(first)).AddMinutes(c.MoveQuarters * 15);
                    return new OccurrenceChange
                    {
                        Date = date,
                        Start = c.Kind is 1 or 2 ? start : null,
                        End = c.Kind == 2 ? start.AddMinutes(c.LengthQuarters * 15) : null,
                        Room = c.Kind == 3 ? "居民议事厅" : null,
                        Cancelled = c.Kind == 4,
                    };
                }).ToList(),
            },
        };

    private static Gen<Notice> NoticeNear(DateTimeOffset now, int index) =>
        from shownFrom in Gen.Elements<int?>(null, -600, -30, 5, 90, 700)
        from length in Gen.Elements<int?>(null, 1, 45, 300, 2000)
        select new Notice
        {
            Id = "n" + index, Title = "通知" + index, Target = Here,
            ValidFrom = shownFrom is { } f ? now.AddMinutes(f) : null,
            ValidTo = length is { } l ? now.AddMinutes((shownFrom ?? -10) + l) : null,
        };

    private static Gen<DateTimeOffset> InstantNear(Scene scene) =>
        from minute in Gen.Frequency((2, Gen.Choose(-90, 90)), (2, Gen.Choose(-6 * 60, 6 * 60)), (1, Gen.Choose(-36 * 60, 36 * 60)))
        from second in Gen.Choose(0, 59)
        select scene.Instant.AddMinutes(minute).AddSeconds(second);

    // ---- an oracle independent of StationClock ------------------------------------------------------

    /// <summary>
    /// The instant a wall-clock time stands for, found by stepping through UTC minutes (offsets here are whole
    /// hours and wall times quarter hours): the first instant the clock shows exactly that time (the first
    /// pass of a repeated time); a time the clock skips is read with the offset in force before the gap, as
    /// iCalendar (RFC 5545, 3.3.5) reads it.
    /// </summary>
    private static DateTimeOffset Reading(TimeZoneInfo zone, DateTime wall)
    {
        var t = new DateTimeOffset(DateTime.SpecifyKind(wall, DateTimeKind.Unspecified) - zone.BaseUtcOffset - TimeSpan.FromHours(2), TimeSpan.Zero);
        while (TimeZoneInfo.ConvertTime(t, zone).DateTime < wall)
        {
            t = t.AddMinutes(1);
        }
        if (TimeZoneInfo.ConvertTime(t, zone).DateTime == wall)
        {
            return t;
        }
        var before = zone.GetUtcOffset(t.AddMinutes(-1));
        return new DateTimeOffset(DateTime.SpecifyKind(wall, DateTimeKind.Unspecified) - before, TimeSpan.Zero);
    }

    /// <summary>Whether the series, as written, falls on a date: the rules restated from the calendar, not from the expander.</summary>
    private static bool SeriesFallsOn(Activity activity, DateOnly date)
    {
        var rule = activity.Recurrence!;
        var first = DateOnly.FromDateTime(activity.Start);
        if (date < first || date > (rule.Until ?? DateOnly.MaxValue))
        {
            return false;
        }
        var interval = Math.Max(1, rule.Interval);
        var weekdays = rule.DaysOfWeek.Count > 0 ? rule.DaysOfWeek : [first.DayOfWeek];
        static DateOnly Monday(DateOnly d) => d.AddDays(-(((int)d.DayOfWeek + 6) % 7));
        switch (rule.Frequency)
        {
            case RecurrenceFrequency.Daily:
                return (date.DayNumber - first.DayNumber) % interval == 0;
            case RecurrenceFrequency.Weekly:
                return weekdays.Contains(date.DayOfWeek) && (Monday(date).DayNumber - Monday(first).DayNumber) / 7 % interval == 0;
            case RecurrenceFrequency.Monthly:
                if (((date.Year * 12 + date.Month) - (first.Year * 12 + first.Month)) % interval != 0)
                {
                    return false;
                }
                if (rule.WeekOfMonth is { } n)
                {
                    var sameWeekday = Enumerable.Range(1, DateTime.DaysInMonth(date.Year, date.Month))
                        .Select(d => new DateOnly(date.Year, date.Month, d)).Where(d => d.DayOfWeek == weekdays[0]).ToList();
                    return n == -1 ? date == sameWeekday[^1] : n <= sameWeekday.Count && date == sameWeekday[n - 1];
                }
                return date.Day == Math.Min(first.Day, DateTime.DaysInMonth(date.Year, date.Month));
            default:
                return false;
        }
    }

    // ---- properties ---------------------------------------------------------------------------------

    public sealed record DutyCase(string Zone, List<DutyShift> Shifts, DateTimeOffset Now)
    {
        public override string ToString() => $"zone {Zone}, now {Now:o}, shifts {ContentJson.Serialize(Shifts)}";
    }

    /// <summary>The scenes do reach the hours clocks skip and repeat (else the properties below would prove little there).</summary>
    [Fact]
    public void The_generated_cases_reach_the_skipped_and_the_repeated_hours()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        Assert.Equal([new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 10, 25, 1, 0, 0, TimeSpan.Zero)], Transitions("Europe/Berlin"));
        Assert.Empty(Transitions("Asia/Shanghai"));
        var samples = Gen.Sample(from scene in Scenes where scene.Zone == "Europe/Berlin" from wall in WallNear(scene) from now in InstantNear(scene) select (wall, now), 2000);
        Assert.Contains(samples, s => berlin.IsInvalidTime(s.wall));
        Assert.Contains(samples, s => berlin.IsAmbiguousTime(s.wall));
        Assert.Contains(samples, s => berlin.IsAmbiguousTime(TimeZoneInfo.ConvertTime(s.now, berlin).DateTime));
    }

    [Fact]
    public void Exactly_the_shifts_covering_now_are_on_duty()
    {
        var cases =
            from scene in Scenes
            from shifts in Indexed(6, i => ShiftNear(scene, i))
            from now in InstantNear(scene)
            select new DutyCase(scene.Zone, shifts, now);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(c.Zone);
            var content = new BoardContent { Stations = [new Station { Id = "s", Name = "s", PlaceId = "c", TimeZone = c.Zone }], DutyShifts = c.Shifts };
            var expected = c.Shifts.Where(s => Reading(zone, s.Start) <= c.Now && c.Now < Reading(zone, s.End)).Select(s => s.Id).Order();
            Assert.Equal(expected, BoardView.Evaluate(content, c.Now).OnDuty.Select(s => s.Id).Order());
        }).Check(Quick);
    }

    public sealed record BoardCase(string Zone, BoardContent Content, DateTimeOffset Now, List<int> Samples)
    {
        public override string ToString() =>
            $"zone {Zone}, now {Now:o}, samples {string.Join(",", Samples)}‰, notices {ContentJson.Serialize(Content.Notices)}, shifts {ContentJson.Serialize(Content.DutyShifts)}, " +
            $"activities {ContentJson.Serialize(Content.Activities)}, holidays {ContentJson.Serialize(Content.Holidays)}";
    }

    /// <summary>Everything the board shows but the ticking clock.</summary>
    private static string Shown(BoardView view) => string.Join(" | ",
        view.LocalNow.Date.ToString("yyyy-MM-dd"),
        view.Holiday?.Name,
        string.Join(",", view.Notices.Select(n => n.Id)),
        string.Join(",", view.OnDuty.Select(s => s.Id)),
        string.Join(",", view.Activities.Select(o => $"{o.Activity.Id}@{o.Start:s}-{o.End:s}{(o.Cancelled ? "x" : "")}{o.Room}")),
        string.Join(",", view.Happening.Select(o => $"{o.Activity.Id}@{o.Start:s}")));

    [Fact]
    public void Nothing_shown_changes_between_now_and_the_next_boundary()
    {
        var cases =
            from scene in Scenes
            from now in InstantNear(scene)
            from notices in Indexed(3, i => NoticeNear(now, i))
            from shifts in Indexed(4, i => ShiftNear(scene, i))
            from activities in Indexed(3, i => ActivityNear(scene, i))
            from holidays in Indexed(2, i => Gen.Choose(-2, 2).Select(d => new Holiday { Id = "h" + i, Target = Here, Name = "节日" + i, Date = DateOnly.FromDateTime(scene.Wall).AddDays(d) }))
            from samples in Gen.ListOf(Gen.Choose(1, 999), 6)
            select new BoardCase(scene.Zone, new BoardContent
            {
                Stations = [new Station { Id = "s", Name = "s", PlaceId = "c", TimeZone = scene.Zone }],
                Notices = notices, DutyShifts = shifts, Activities = activities, Holidays = holidays,
            }, now, samples.ToList());
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var view = BoardView.Evaluate(c.Content, c.Now);
            Assert.NotNull(view.NextBoundary);
            var next = view.NextBoundary!.Value;
            Assert.True(next > c.Now, $"next boundary {next:o} is not after now");
            // Midnight is always a boundary: never more than a day (and a DST hour) away.
            Assert.True(next - c.Now <= TimeSpan.FromHours(25), $"next boundary {next:o} is more than a day away");
            var shown = Shown(view);
            var span = next - c.Now;
            foreach (var at in c.Samples.Select(p => c.Now + span * (p / 1000.0)).Append(next.AddTicks(-1)).Where(t => t > c.Now && t < next))
            {
                Assert.Equal(shown, Shown(BoardView.Evaluate(c.Content, at)));
            }
        }).Check(Quick.WithMaxTest(2000));
    }

    public sealed record ExpansionCase(Activity Activity, HashSet<DateOnly> Holidays, DateTime From, DateTime To)
    {
        public override string ToString() =>
            $"activity {ContentJson.Serialize(Activity)}, holidays {string.Join(",", Holidays.Order())}, window {From:s}–{To:s}";
    }

    [Fact]
    public void Every_expanded_occurrence_is_in_the_window_on_a_series_day_or_a_change_and_in_order()
    {
        var cases =
            from scene in Scenes
            from activity in ActivityNear(scene, 0).Where(a => a.Recurrence is not null)
            from holidays in Gen.ListOf(Gen.Frequency((3, Gen.Choose(-3, 3)), (1, Gen.Choose(-60, 60))), 4)
            from fromMinutes in Gen.Frequency((3, Gen.Choose(-3 * 24 * 60, 24 * 60)), (1, Gen.Choose(-70 * 24 * 60, 70 * 24 * 60)))
            from days in Gen.Choose(1, 20)
            let windowStart = scene.Wall.AddMinutes(fromMinutes)
            select new ExpansionCase(activity, holidays.Select(h => DateOnly.FromDateTime(scene.Wall).AddDays(h)).ToHashSet(), windowStart, windowStart.AddDays(days));
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var a = c.Activity;
            var rule = a.Recurrence!;
            var length = a.End - a.Start;
            DateTime Usual(DateOnly date) => date.ToDateTime(TimeOnly.FromDateTime(a.Start));
            bool Skipped(DateOnly date) => rule.Exceptions.Contains(date) || (c.Holidays.Contains(date) && !a.HeldOnHolidays);
            // The change that applies to a date: the first keyed by it, when the date is the series' and not an exception.
            OccurrenceChange? ChangeOn(DateOnly date) =>
                SeriesFallsOn(a, date) && !rule.Exceptions.Contains(date) ? rule.Changes.FirstOrDefault(ch => ch.Date == date) : null;

            var occurrences = OccurrenceExpander.Expand(a, c.From, c.To, c.Holidays).ToList();
            foreach (var o in occurrences)
            {
                Assert.True(o.End > c.From && o.Start < c.To && o.End > o.Start, $"{o.Start:s}–{o.End:s} is outside the window");
                Assert.True(SeriesFallsOn(a, o.SeriesDate), $"{o.SeriesDate} is not a series day");
                Assert.False(rule.Exceptions.Contains(o.SeriesDate), $"{o.SeriesDate} is an exception");
                var change = ChangeOn(o.SeriesDate);
                Assert.Same(change, o.Change);
                if (change is null)
                {
                    Assert.False(Skipped(o.SeriesDate), $"{o.SeriesDate} is an exception or a holiday");
                    Assert.Equal((Usual(o.SeriesDate), Usual(o.SeriesDate) + length), (o.Start, o.End));
                }
                else if (change.Cancelled)
                {
                    Assert.True(o.Cancelled);
                    Assert.Equal(Usual(o.SeriesDate), o.Start);
                }
                else
                {
                    Assert.False(o.Cancelled);
                    var start = change.Start ?? Usual(o.SeriesDate);
                    Assert.Equal((start, change.End ?? start + length), (o.Start, o.End));
                }
            }
            Assert.Equal(occurrences.OrderBy(o => o.Start).Select(o => o.Start), occurrences.Select(o => o.Start));
            Assert.Equal(occurrences.Count, occurrences.Select(o => o.SeriesDate).Distinct().Count());

            // And nothing is missing: every series day in reach that should be on the board is.
            var expected = new List<DateOnly>();
            for (var date = DateOnly.FromDateTime(c.From).AddDays(-2); date <= DateOnly.FromDateTime(c.To); date = date.AddDays(1))
            {
                if (!SeriesFallsOn(a, date) || rule.Exceptions.Contains(date))
                {
                    continue;
                }
                var change = ChangeOn(date);
                var (start, end) = change is null || change.Cancelled
                    ? (Usual(date), Usual(date) + length)
                    : (change.Start ?? Usual(date), change.End ?? (change.Start ?? Usual(date)) + length);
                if ((change is not null || !Skipped(date)) && end > start && end > c.From && start < c.To)
                {
                    expected.Add(date);
                }
            }
            // Changes can bring in occurrences from series dates far outside the window.
            foreach (var change in rule.Changes.Where(ch => !ch.Cancelled && ChangeOn(ch.Date) == ch && !expected.Contains(ch.Date)))
            {
                var start = change.Start ?? Usual(change.Date);
                var end = change.End ?? start + length;
                if (end > start && end > c.From && start < c.To)
                {
                    expected.Add(change.Date);
                }
            }
            Assert.Equal(expected.Order(), occurrences.Select(o => o.SeriesDate).Order());
        }).Check(Quick);
    }
}
