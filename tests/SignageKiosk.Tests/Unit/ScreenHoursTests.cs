using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Broadcasts;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Places;
using SignageKiosk.Shared.Screen;

namespace SignageKiosk.Tests.Unit;

/// <summary>Screen hours on a station's wall clock: weekdays, past midnight, dates with other hours, DST in Berlin, the next change.</summary>
public sealed class ScreenHoursTests
{
    private static readonly StationClock Shanghai = new("Asia/Shanghai");
    private static readonly StationClock Berlin = new("Europe/Berlin");

    private static ScreenPeriod P(string on, string off) => new() { On = TimeOnly.Parse(on), Off = off == "24:00" ? TimeOnly.MinValue : TimeOnly.Parse(off) };

    private static ScreenDays Days(ScreenPeriod period, params DayOfWeek[] days) => new() { Days = days, Periods = [period] };

    private static readonly DayOfWeek[] Weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    /// <summary>Mon–Fri 07:00–21:30, Sat–Sun 08:00–20:00.</summary>
    private static readonly ScreenHours Station = new()
    {
        Weekly = [Days(P("07:00", "21:30"), Weekdays), Days(P("08:00", "20:00"), DayOfWeek.Saturday, DayOfWeek.Sunday)],
    };

    /// <summary>A wall-clock time in Shanghai (UTC+8, no DST) as an instant.</summary>
    private static DateTimeOffset Sh(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.FromHours(8));

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void Weekday_and_weekend_hours_switch_at_their_minutes()
    {
        // 23 November 2026 is a Monday.
        Assert.False(ScreenSchedule.IsOn(Station, Shanghai, Sh(11, 23, 6, 59)));
        Assert.True(ScreenSchedule.IsOn(Station, Shanghai, Sh(11, 23, 7, 0)));
        Assert.True(ScreenSchedule.IsOn(Station, Shanghai, Sh(11, 23, 21, 29)));
        Assert.False(ScreenSchedule.IsOn(Station, Shanghai, Sh(11, 23, 21, 30)));
        Assert.False(ScreenSchedule.IsOn(Station, Shanghai, Sh(11, 28, 7, 30)));
        Assert.True(ScreenSchedule.IsOn(Station, Shanghai, Sh(11, 28, 8, 0)));
        Assert.False(ScreenSchedule.IsOn(Station, Shanghai, Sh(11, 29, 20, 0)));

        Assert.Equal(Sh(11, 23, 21, 30), ScreenSchedule.NextChange(Station, Shanghai, Sh(11, 23, 12, 0)));
        Assert.Equal(Sh(11, 24, 7, 0), ScreenSchedule.NextChange(Station, Shanghai, Sh(11, 23, 21, 30)));
        // Friday night to Saturday morning: the weekend's later start.
        Assert.Equal(Sh(11, 28, 8, 0), ScreenSchedule.NextChange(Station, Shanghai, Sh(11, 27, 22, 0)));
        Assert.Equal(Sh(11, 29, 20, 0), ScreenSchedule.NextChange(Station, Shanghai, Sh(11, 29, 8, 0)));
    }

    [Fact]
    public void Several_periods_a_day_and_a_day_off_all_day()
    {
        var hours = new ScreenHours
        {
            Weekly = [new ScreenDays { Days = Weekdays, Periods = [P("07:00", "12:00"), P("13:30", "21:00")] }, new ScreenDays { Days = [DayOfWeek.Saturday] }],
        };
        Assert.True(ScreenSchedule.IsOn(hours, Shanghai, Sh(11, 23, 11, 59)));
        Assert.False(ScreenSchedule.IsOn(hours, Shanghai, Sh(11, 23, 12, 30)));
        Assert.Equal(Sh(11, 23, 13, 30), ScreenSchedule.NextChange(hours, Shanghai, Sh(11, 23, 12, 0)));
        // Saturday (named, no periods) and Sunday (not named) are off all day: Friday evening's next change is Monday morning.
        Assert.False(ScreenSchedule.IsOn(hours, Shanghai, Sh(11, 28, 10, 0)));
        Assert.False(ScreenSchedule.IsOn(hours, Shanghai, Sh(11, 29, 10, 0)));
        Assert.Equal(Sh(11, 30, 7, 0), ScreenSchedule.NextChange(hours, Shanghai, Sh(11, 27, 21, 0)));
    }

    [Fact]
    public void A_period_past_midnight_ends_the_next_morning_and_touching_periods_are_one()
    {
        var hours = new ScreenHours { Weekly = [Days(P("18:00", "02:00"), DayOfWeek.Friday), Days(P("02:00", "04:00"), DayOfWeek.Sunday)] };
        Assert.True(ScreenSchedule.IsOn(hours, Shanghai, Sh(11, 27, 23, 0)));
        Assert.True(ScreenSchedule.IsOn(hours, Shanghai, Sh(11, 28, 1, 59)));
        Assert.False(ScreenSchedule.IsOn(hours, Shanghai, Sh(11, 28, 2, 0)));
        Assert.Equal(Sh(11, 28, 2, 0), ScreenSchedule.NextChange(hours, Shanghai, Sh(11, 27, 20, 0)));

        // Saturday 22:00–24:00 then Sunday 00:00–06:00: one night on, one change at 06:00.
        var night = new ScreenHours { Weekly = [Days(P("22:00", "24:00"), DayOfWeek.Saturday), Days(P("00:00", "06:00"), DayOfWeek.Sunday)] };
        Assert.Equal(Sh(11, 29, 6, 0), ScreenSchedule.NextChange(night, Shanghai, Sh(11, 28, 23, 0)));

        // 00:00–24:00 every day never changes.
        var always = new ScreenHours { Weekly = [Days(P("00:00", "24:00"), Enum.GetValues<DayOfWeek>())] };
        Assert.True(ScreenSchedule.IsOn(always, Shanghai, Sh(11, 23, 3, 0)));
        Assert.Null(ScreenSchedule.NextChange(always, Shanghai, Sh(11, 23, 3, 0)));
    }

    [Fact]
    public void A_date_with_other_hours_replaces_its_weekday_and_a_date_off_stays_black()
    {
        var hours = Station with
        {
            Exceptions =
            [
                new ScreenException { Date = new DateOnly(2026, 12, 25) },
                new ScreenException { Date = new DateOnly(2026, 12, 31), Periods = [P("07:00", "24:00")] },
            ],
        };
        // Friday 25 December: off all day.
        Assert.False(ScreenSchedule.IsOn(hours, Shanghai, Sh(12, 25, 12, 0)));
        Assert.Equal(Sh(12, 24, 21, 30), ScreenSchedule.NextChange(hours, Shanghai, Sh(12, 24, 12, 0)));
        Assert.Equal(Sh(12, 26, 8, 0), ScreenSchedule.NextChange(hours, Shanghai, Sh(12, 24, 21, 30)));
        // New Year's Eve: on until midnight, not 21:30.
        Assert.True(ScreenSchedule.IsOn(hours, Shanghai, Sh(12, 31, 23, 0)));
        Assert.Equal(Sh(12, 31, 23, 59).AddMinutes(1), ScreenSchedule.NextChange(hours, Shanghai, Sh(12, 31, 12, 0)));
        // The ordinary Thursday before is unchanged.
        Assert.False(ScreenSchedule.IsOn(hours, Shanghai, Sh(12, 24, 23, 0)));
    }

    [Fact]
    public void An_evening_past_midnight_still_ends_at_its_own_time_on_a_date_that_is_off()
    {
        var hours = new ScreenHours
        {
            Weekly = [Days(P("18:00", "02:00"), Enum.GetValues<DayOfWeek>())],
            Exceptions = [new ScreenException { Date = new DateOnly(2026, 12, 25) }],
        };
        Assert.True(ScreenSchedule.IsOn(hours, Shanghai, Sh(12, 25, 1, 0)));
        Assert.False(ScreenSchedule.IsOn(hours, Shanghai, Sh(12, 25, 19, 0)));
        Assert.Equal(Sh(12, 25, 2, 0), ScreenSchedule.NextChange(hours, Shanghai, Sh(12, 25, 1, 0)));
        Assert.Equal(Sh(12, 26, 18, 0), ScreenSchedule.NextChange(hours, Shanghai, Sh(12, 25, 2, 0)));
    }

    [Fact]
    public void Spring_forward_in_Berlin_shortens_the_night_and_a_skipped_time_comes_after_the_jump()
    {
        // 29 March 2026: 02:00 CET becomes 03:00 CEST (01:00 UTC).
        var night = new ScreenHours { Weekly = [Days(P("22:00", "06:00"), DayOfWeek.Saturday)] };
        // On from Saturday 22:00 CET (21:00 UTC) to Sunday 06:00 CEST (04:00 UTC): seven hours, not eight.
        Assert.Equal(Utc(3, 28, 21), ScreenSchedule.NextChange(night, Berlin, Utc(3, 28, 12)));
        Assert.Equal(Utc(3, 29, 4), ScreenSchedule.NextChange(night, Berlin, Utc(3, 28, 23)));
        Assert.True(ScreenSchedule.IsOn(night, Berlin, Utc(3, 29, 3, 59)));
        Assert.False(ScreenSchedule.IsOn(night, Berlin, Utc(3, 29, 4)));

        // 02:30 does not exist that morning: the screen comes on at 03:30 CEST (01:30 UTC), as StationClock reads it.
        var gap = new ScreenHours { Weekly = [Days(P("02:30", "07:00"), DayOfWeek.Sunday)] };
        Assert.Equal(Utc(3, 29, 1, 30), ScreenSchedule.NextChange(gap, Berlin, Utc(3, 29, 0)));
        Assert.False(ScreenSchedule.IsOn(gap, Berlin, Utc(3, 29, 1, 15)));
        Assert.True(ScreenSchedule.IsOn(gap, Berlin, Utc(3, 29, 1, 30)));

        // Daily 07:00–21:30 keeps its wall-clock hours: 06:00 UTC on Saturday, 05:00 UTC on Sunday.
        var daily = new ScreenHours { Weekly = [Days(P("07:00", "21:30"), Enum.GetValues<DayOfWeek>())] };
        Assert.Equal(Utc(3, 28, 6), ScreenSchedule.NextChange(daily, Berlin, Utc(3, 28, 0)));
        Assert.Equal(Utc(3, 29, 5), ScreenSchedule.NextChange(daily, Berlin, Utc(3, 28, 22)));
    }

    [Fact]
    public void Fall_back_in_Berlin_lengthens_the_night_and_a_repeated_time_is_its_first_occurrence()
    {
        // 25 October 2026: 03:00 CEST becomes 02:00 CET (01:00 UTC); 02:00–03:00 happens twice.
        var night = new ScreenHours { Weekly = [Days(P("22:00", "06:00"), DayOfWeek.Saturday)] };
        // On from Saturday 22:00 CEST (20:00 UTC) to Sunday 06:00 CET (05:00 UTC): nine hours.
        Assert.Equal(Utc(10, 24, 20), ScreenSchedule.NextChange(night, Berlin, Utc(10, 24, 12)));
        Assert.Equal(Utc(10, 25, 5), ScreenSchedule.NextChange(night, Berlin, Utc(10, 24, 21)));
        Assert.True(ScreenSchedule.IsOn(night, Berlin, Utc(10, 25, 4, 59)));
        Assert.False(ScreenSchedule.IsOn(night, Berlin, Utc(10, 25, 5)));

        // Off at 02:30 that night: the first 02:30 (CEST, 00:30 UTC), not the second.
        var late = new ScreenHours { Weekly = [Days(P("20:00", "02:30"), DayOfWeek.Saturday)] };
        Assert.Equal(Utc(10, 25, 0, 30), ScreenSchedule.NextChange(late, Berlin, Utc(10, 24, 22)));
        Assert.False(ScreenSchedule.IsOn(late, Berlin, Utc(10, 25, 1, 15)));

        var daily = new ScreenHours { Weekly = [Days(P("07:00", "21:30"), Enum.GetValues<DayOfWeek>())] };
        Assert.Equal(Utc(10, 24, 19, 30), ScreenSchedule.NextChange(daily, Berlin, Utc(10, 24, 12)));
        Assert.Equal(Utc(10, 25, 6), ScreenSchedule.NextChange(daily, Berlin, Utc(10, 25, 0)));
    }

    [Fact]
    public void Without_screen_hours_the_screen_is_always_on_and_a_far_exception_is_still_found()
    {
        Assert.True(ScreenSchedule.IsOn(null, Shanghai, Sh(11, 23, 3, 0)));
        Assert.Null(ScreenSchedule.NextChange(null, Shanghai, Sh(11, 23, 3, 0)));
        // On all day every day except one date two months ahead: beyond the first week's look, within the horizon.
        var hours = new ScreenHours
        {
            Weekly = [Days(P("00:00", "24:00"), Enum.GetValues<DayOfWeek>())],
            Exceptions = [new ScreenException { Date = new DateOnly(2027, 1, 20) }],
        };
        Assert.Equal(new DateTimeOffset(2027, 1, 20, 0, 0, 0, TimeSpan.FromHours(8)), ScreenSchedule.NextChange(hours, Shanghai, Sh(11, 23, 3, 0)));
    }

    [Fact]
    public void A_touch_wakes_the_screen_until_the_wake_time_ends_or_the_hours_begin()
    {
        var monday = Sh(11, 23, 22, 0);
        Assert.Equal(new ScreenDecision(false, false, Sh(11, 24, 7, 0)), ScreenDecision.For(Station, Shanghai, monday, null));
        Assert.Equal(new ScreenDecision(true, true, monday.AddMinutes(5)), ScreenDecision.For(Station, Shanghai, monday, monday.AddMinutes(5)));
        // The wake time is over: off again.
        Assert.False(ScreenDecision.For(Station, Shanghai, monday.AddMinutes(5), monday.AddMinutes(5)).On);
        // Woken shortly before the hours begin: the next look is at the start of the hours.
        var early = Sh(11, 24, 6, 58);
        Assert.Equal(new ScreenDecision(true, true, Sh(11, 24, 7, 0)), ScreenDecision.For(Station, Shanghai, early, early.AddMinutes(5)));
        // Within hours a wake changes nothing.
        Assert.Equal(new ScreenDecision(true, false, Sh(11, 24, 21, 30)), ScreenDecision.For(Station, Shanghai, Sh(11, 24, 12, 0), Sh(11, 24, 12, 5)));
        Assert.Equal(new ScreenDecision(true, false, null), ScreenDecision.For(null, Shanghai, monday, null));
    }

    [Fact]
    public void An_emergency_broadcast_switches_the_screen_on_outside_its_hours_until_it_ends_or_is_cleared()
    {
        var night = Sh(11, 23, 23, 0);
        EmergencyBroadcast Broadcast(DateTimeOffset starts, DateTimeOffset ends, DateTimeOffset? cleared = null) => new()
        {
            Id = "b", Title = "燃气泄漏", Target = ItemTarget.Place("c"), StartsAt = starts, EndsAt = ends, ClearedAt = cleared,
        };
        var live = Broadcast(night.AddMinutes(-5), night.AddMinutes(30));
        Assert.Equal(new ScreenDecision(true, false, night.AddMinutes(30), ForBroadcast: true), ScreenDecision.For(Station, Shanghai, night, null, [live]));
        // Cleared early: on until it was cleared, then off again.
        var cleared = Broadcast(night.AddMinutes(-5), night.AddMinutes(30), night.AddMinutes(10));
        Assert.Equal(night.AddMinutes(10), ScreenDecision.For(Station, Shanghai, night, null, [cleared]).NextChange);
        Assert.False(ScreenDecision.For(Station, Shanghai, night.AddMinutes(10), null, [cleared]).On);
        // One to come: off now, and the next look is at its start (one cleared before it started never counts).
        var later = Broadcast(night.AddMinutes(20), night.AddMinutes(50));
        var never = Broadcast(night.AddMinutes(5), night.AddMinutes(50), night.AddMinutes(1));
        Assert.Equal(new ScreenDecision(false, false, night.AddMinutes(20)), ScreenDecision.For(Station, Shanghai, night, null, [later, never]));
        Assert.Equal(new ScreenDecision(true, true, night.AddMinutes(5)), ScreenDecision.For(Station, Shanghai, night, night.AddMinutes(5), [later]));
        // Within hours the broadcast changes nothing here: the screen is on anyway.
        Assert.Equal(new ScreenDecision(true, false, Sh(11, 24, 21, 30)), ScreenDecision.For(Station, Shanghai, Sh(11, 24, 12, 0), null, [live with { EndsAt = Sh(11, 24, 13, 0) }]));
    }

    [Fact]
    public void Xset_is_called_only_with_an_X_display_and_xset_and_keeps_DPMS_off_after_waking()
    {
        Assert.Empty(DisplayPowerCommands.For(off: true, display: null, xsetInstalled: true));
        Assert.Empty(DisplayPowerCommands.For(off: true, display: " ", xsetInstalled: true));
        Assert.Empty(DisplayPowerCommands.For(off: true, display: ":0", xsetInstalled: false));
        Assert.Equal([["dpms", "force", "off"]], DisplayPowerCommands.For(off: true, display: ":0", xsetInstalled: true).Select(a => a.ToArray()).ToArray());
        Assert.Equal([["dpms", "force", "on"], ["-dpms"]], DisplayPowerCommands.For(off: false, display: ":0", xsetInstalled: true).Select(a => a.ToArray()).ToArray());
    }

    [Fact]
    public void Screen_hours_travel_as_HH_mm_and_24_00_ends_a_day()
    {
        var station = ContentJson.Deserialize<Station>(
            """{"id":"s","name":"驿站","placeId":"c","screenHours":{"weekly":[{"days":["monday","friday"],"periods":[{"on":"7:00","off":"24:00"}]}],"exceptions":[{"date":"2026-10-01"}]}}""");
        var hours = station.ScreenHours!;
        Assert.Equal([DayOfWeek.Monday, DayOfWeek.Friday], hours.Weekly[0].Days);
        Assert.Equal(P("07:00", "24:00"), hours.Weekly[0].Periods[0]);
        Assert.Empty(hours.Exceptions[0].Periods);
        var json = ContentJson.Serialize(station);
        Assert.Contains("\"on\":\"07:00\",\"off\":\"00:00\"", json);
        Assert.Equal(json, ContentJson.Serialize(ContentJson.Deserialize<Station>(json)));
        Assert.Null(ContentJson.Deserialize<Station>("""{"id":"s","name":"驿站","placeId":"c"}""").ScreenHours);
        foreach (var bad in new[] { "\"07:00:00\"", "\"25:00\"", "\"7\"", "700" })
        {
            Assert.Throws<System.Text.Json.JsonException>(() => ContentJson.Deserialize<ScreenPeriod>($$"""{"on":{{bad}},"off":"21:00"}"""));
        }
    }

    [Fact]
    public void Bad_screen_hours_are_refused_in_Chinese()
    {
        Station With(ScreenHours hours) => new() { Id = "s", Name = "驿站", PlaceId = "c", ScreenHours = hours };
        Assert.Empty(ContentValidator.Validate(With(Station)));

        var overlap = ContentValidator.Validate(With(new ScreenHours { Weekly = [new ScreenDays { Days = [DayOfWeek.Monday], Periods = [P("07:00", "12:00"), P("11:00", "15:00")] }] }));
        Assert.Equal("周一：时段有重叠（跨过午夜的时段只能是当天最后一个）", Assert.Single(overlap).Chinese);
        Assert.Equal("screenHours.weekly", overlap[0].Field);
        // A period past midnight that is not the day's last overlaps the next one.
        Assert.Single(ContentValidator.Validate(With(new ScreenHours { Weekly = [new ScreenDays { Days = [DayOfWeek.Monday], Periods = [P("22:00", "02:00"), P("23:00", "23:30")] }] })));
        // A whole day stands alone.
        Assert.Single(ContentValidator.Validate(With(new ScreenHours { Weekly = [new ScreenDays { Days = [DayOfWeek.Monday], Periods = [P("00:00", "24:00"), P("07:00", "08:00")] }] })));

        var twice = ContentValidator.Validate(With(new ScreenHours { Weekly = [Days(P("07:00", "21:00"), DayOfWeek.Monday, DayOfWeek.Tuesday), Days(P("08:00", "20:00"), DayOfWeek.Tuesday)] }));
        Assert.Equal("周二出现了不止一次", Assert.Single(twice).Chinese);

        var never = ContentValidator.Validate(With(new ScreenHours { Weekly = [new ScreenDays { Days = [DayOfWeek.Monday] }] }));
        Assert.Contains("每周至少要有一个开屏时段", Assert.Single(never).Chinese);

        var sameDate = ContentValidator.Validate(With(Station with
        {
            Exceptions = [new ScreenException { Date = new DateOnly(2026, 10, 1) }, new ScreenException { Date = new DateOnly(2026, 10, 1), Periods = [P("09:00", "17:00")] }],
        }));
        Assert.Equal("2026-10-01 出现了不止一次", Assert.Single(sameDate).Chinese);
        Assert.Equal("screenHours.exceptions", sameDate[0].Field);

        var many = ContentValidator.Validate(With(new ScreenHours
        {
            Weekly = [new ScreenDays { Days = [DayOfWeek.Sunday], Periods = [P("01:00", "02:00"), P("03:00", "04:00"), P("05:00", "06:00"), P("07:00", "08:00"), P("09:00", "10:00")] }],
        }));
        Assert.Equal("周日：每天最多 4 个时段", Assert.Single(many).Chinese);

        var nulls = ContentValidator.Validate(ContentJson.Deserialize<Station>("""{"id":"s","name":"驿站","placeId":"c","screenHours":{"weekly":[null]}}"""));
        Assert.Equal("屏幕开关时间中有空白项", Assert.Single(nulls).Chinese);
    }

    [Fact]
    public void Staff_type_hours_as_text_with_a_Chinese_input_method()
    {
        Assert.True(ScreenHoursText.TryParsePeriods("０７：００－１２：００，13:30 ~ 21:30", out var periods, out _, out _));
        Assert.Equal([P("07:00", "12:00"), P("13:30", "21:30")], periods);
        Assert.Equal("07:00-12:00, 13:30-21:30", ScreenHoursText.FormatPeriods(periods));
        Assert.Equal("22:00-24:00", ScreenHoursText.FormatPeriods([P("22:00", "24:00")]));
        Assert.True(ScreenHoursText.TryParsePeriods("  ", out var none, out _, out _));
        Assert.Empty(none);
        Assert.True(ScreenHoursText.TryParsePeriods("关", out none, out _, out _));
        Assert.Empty(none);
        Assert.False(ScreenHoursText.TryParsePeriods("7点到9点", out _, out _, out var chinese));
        Assert.Equal("“7点到9点”不是正确的时段，请写成 07:00-21:30", chinese);

        Assert.True(ScreenHoursText.TryParseExceptions("2026-10-01 关\r\n\n2026/12/31 07:00-24:00", out var exceptions, out _, out _));
        Assert.Equal(new DateOnly(2026, 10, 1), exceptions[0].Date);
        Assert.Empty(exceptions[0].Periods);
        Assert.Equal([P("07:00", "24:00")], exceptions[1].Periods);
        Assert.Equal("2026-10-01 关\n2026-12-31 07:00-24:00", ScreenHoursText.FormatExceptions(exceptions));
        Assert.False(ScreenHoursText.TryParseExceptions("2026-10-01 关\n十月二日 关", out _, out _, out chinese));
        Assert.Equal("第 2 行：“十月二日”不是正确的日期，请写成 2026-10-01", chinese);
        Assert.False(ScreenHoursText.TryParseExceptions("2026-10-01", out _, out _, out chinese));
        Assert.StartsWith("第 1 行：请在日期后写时段", chinese);
    }
}
