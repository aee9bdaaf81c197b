using System.Text.Json;
using SignageKiosk.Shared.Activities;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Tests.Unit;

/// <summary>A one-off change (改期, 换教室, 取消本次) wins over its series, for that one date only.</summary>
public sealed class OneOffChangeTests
{
    private static readonly ItemTarget Here = ItemTarget.Place("c");
    private static readonly Station Shanghai = new() { Id = "s", Name = "丹桂苑红色驿站", PlaceId = "c" };
    private static readonly DateOnly Saturday = new(2026, 11, 21);

    /// <summary>周六大扫除, every Saturday 09:00–11:00 in the volunteer desk, from 7 November.</summary>
    private static Activity Cleanup(params OccurrenceChange[] changes) => new()
    {
        Id = "cleanup", Title = "周六大扫除", Room = "志愿服务台", Target = Here,
        Start = new DateTime(2026, 11, 7, 9, 0, 0), End = new DateTime(2026, 11, 7, 11, 0, 0),
        Recurrence = new Recurrence { Frequency = RecurrenceFrequency.Weekly, Changes = changes },
    };

    private static DateTimeOffset Local(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.FromHours(8));

    private static List<Occurrence> Expand(Activity activity) =>
        OccurrenceExpander.Expand(activity, new DateTime(2026, 11, 10), new DateTime(2026, 12, 10)).ToList();

    [Fact]
    public void A_moved_occurrence_shows_at_its_new_time_and_only_there()
    {
        var moved = Cleanup(new OccurrenceChange { Date = Saturday, Start = new DateTime(2026, 11, 21, 14, 0, 0), End = new DateTime(2026, 11, 21, 16, 0, 0) });
        var occurrences = Expand(moved);
        Assert.Equal([new DateTime(2026, 11, 14, 9, 0, 0), new DateTime(2026, 11, 21, 14, 0, 0), new DateTime(2026, 11, 28, 9, 0, 0), new DateTime(2026, 12, 5, 9, 0, 0)],
            occurrences.Select(o => o.Start));
        var changed = occurrences[1];
        Assert.True(changed.Moved);
        Assert.False(changed.Cancelled);
        Assert.Equal(Saturday, changed.SeriesDate);

        var content = new BoardContent { Stations = [Shanghai], Activities = [moved] };
        Assert.Empty(BoardView.Evaluate(content, Local(11, 21, 9, 30)).Happening);
        Assert.Single(BoardView.Evaluate(content, Local(11, 21, 14, 30)).Happening);
        Assert.Equal(Local(11, 21, 14, 0), BoardView.Evaluate(content, Local(11, 21, 8, 0)).NextBoundary);
        var html = BoardRenderer.RenderBody(BoardView.Evaluate(content, Local(11, 21, 8, 0)));
        Assert.Contains("已改期", html);
        Assert.Contains("14:00–16:00", html);
        Assert.Contains("原定 今天 09:00", html);
        Assert.DoesNotContain("09:00–11:00", ScheduleCalendarEdgeTests.Section(html, "data-tab-page=\"today\""));
    }

    [Fact]
    public void A_moved_occurrence_with_only_a_new_start_keeps_the_series_length()
    {
        var moved = Cleanup(new OccurrenceChange { Date = Saturday, Start = new DateTime(2026, 11, 21, 10, 0, 0) });
        var occurrence = Assert.Single(Expand(moved), o => o.SeriesDate == Saturday);
        Assert.Equal(new DateTime(2026, 11, 21, 12, 0, 0), occurrence.End);
    }

    [Fact]
    public void An_occurrence_moved_to_another_day_leaves_its_own_day_empty_even_across_the_window()
    {
        // The 28th's clean-up moved back to Friday the 27th; the 5 December one moved to Sunday 3 January.
        var moved = Cleanup(
            new OccurrenceChange { Date = new DateOnly(2026, 11, 28), Start = new DateTime(2026, 11, 27, 15, 0, 0), End = new DateTime(2026, 11, 27, 17, 0, 0) },
            new OccurrenceChange { Date = new DateOnly(2026, 12, 5), Start = new DateTime(2027, 1, 3, 9, 0, 0), End = new DateTime(2027, 1, 3, 11, 0, 0) });
        Assert.Equal([new DateTime(2026, 11, 14, 9, 0, 0), new DateTime(2026, 11, 21, 9, 0, 0), new DateTime(2026, 11, 27, 15, 0, 0)],
            Expand(moved).Select(o => o.Start));
        // A window that holds only the new date finds it, though its series date lies outside.
        var january = OccurrenceExpander.Expand(moved, new DateTime(2027, 1, 3), new DateTime(2027, 1, 4)).ToList();
        Assert.Equal([new DateTime(2027, 1, 3, 9, 0, 0)], january.Select(o => o.Start));
        Assert.Equal(new DateOnly(2026, 12, 5), january[0].SeriesDate);

        var content = new BoardContent { Stations = [Shanghai], Activities = [moved] };
        var friday = BoardView.Evaluate(content, Local(11, 27, 15, 30));
        Assert.Single(friday.Happening);
        Assert.DoesNotContain(friday.Activities, o => o.Start.Date == new DateTime(2026, 11, 28));
    }

    [Fact]
    public void A_cancelled_occurrence_is_said_to_be_cancelled_at_its_usual_time_and_never_goes_on()
    {
        var cancelled = Cleanup(new OccurrenceChange { Date = Saturday, Cancelled = true, Note = "因降雪取消" });
        var occurrence = Assert.Single(Expand(cancelled), o => o.SeriesDate == Saturday);
        Assert.True(occurrence.Cancelled);
        Assert.Equal(new DateTime(2026, 11, 21, 9, 0, 0), occurrence.Start);

        var content = new BoardContent { Stations = [Shanghai], Activities = [cancelled] };
        var during = BoardView.Evaluate(content, Local(11, 21, 9, 30));
        Assert.Empty(during.Happening);
        Assert.Contains(during.Activities, o => o.Cancelled);
        // Its start changes nothing; its end takes it off the list.
        var before = BoardView.Evaluate(content, Local(11, 21, 8, 0));
        Assert.Equal(Local(11, 21, 11, 0), before.NextBoundary);
        var html = BoardRenderer.RenderBody(before);
        Assert.Contains("activity cancelled", html);
        Assert.Contains("已取消", html);
        Assert.Contains("因降雪取消", html);
        // The home tile counts only what happens today.
        Assert.DoesNotContain("今天 1 项", html);
    }

    [Fact]
    public void A_room_change_shows_the_new_room_for_that_date_only()
    {
        var rooms = Cleanup(new OccurrenceChange { Date = Saturday, Room = "居民议事厅" });
        var occurrences = Expand(rooms);
        Assert.Equal("居民议事厅", occurrences.Single(o => o.SeriesDate == Saturday).Room);
        Assert.False(occurrences.Single(o => o.SeriesDate == Saturday).Moved);
        Assert.All(occurrences.Where(o => o.SeriesDate != Saturday), o => Assert.Equal("志愿服务台", o.Room));

        var content = new BoardContent { Stations = [Shanghai], Activities = [rooms] };
        var today = ScheduleCalendarEdgeTests.Section(BoardRenderer.RenderBody(BoardView.Evaluate(content, Local(11, 21, 9, 30))), "data-tab-page=\"today\"");
        Assert.Contains("居民议事厅", today);
        Assert.DoesNotContain("志愿服务台", today);
    }

    [Fact]
    public void A_change_keyed_by_a_date_the_series_does_not_hold_is_ignored_and_refused()
    {
        var wrong = Cleanup(new OccurrenceChange { Date = new DateOnly(2026, 11, 20), Start = new DateTime(2026, 11, 20, 9, 0, 0) });
        Assert.DoesNotContain(Expand(wrong), o => o.Start.Date == new DateTime(2026, 11, 20));
        var error = Assert.Single(ContentValidator.Validate(wrong));
        Assert.Equal("recurrence.changes", error.Field);
        Assert.Equal("2026-11-20 这一天本来没有这项活动，请选择系列中的日期", error.Chinese);
    }

    [Theory]
    [InlineData("dup", "2026-11-21 已有一项调整，同一天只能调整一次")]
    [InlineData("backwards", "2026-11-21 调整后的结束时间必须晚于开始时间")]
    [InlineData("exception", "2026-11-21 已设为不举行，不能再调整")]
    [InlineData("cancelled-moved", "2026-11-21 已取消，不能同时改时间")]
    [InlineData("nothing", "2026-11-21 请填写要调整的内容（时间、地点或取消）")]
    [InlineData("before-first", "2026-10-31 这一天本来没有这项活动，请选择系列中的日期")]
    public void Bad_changes_are_refused_in_Chinese(string what, string chinese)
    {
        var activity = what switch
        {
            "dup" => Cleanup(new OccurrenceChange { Date = Saturday, Room = "a" }, new OccurrenceChange { Date = Saturday, Room = "b" }),
            "backwards" => Cleanup(new OccurrenceChange { Date = Saturday, Start = new DateTime(2026, 11, 21, 15, 0, 0), End = new DateTime(2026, 11, 21, 14, 0, 0) }),
            "exception" => Cleanup(new OccurrenceChange { Date = Saturday, Room = "a" }) is var a ? a with { Recurrence = a.Recurrence! with { Exceptions = [Saturday] } } : null!,
            "cancelled-moved" => Cleanup(new OccurrenceChange { Date = Saturday, Cancelled = true, Start = new DateTime(2026, 11, 22, 9, 0, 0) }),
            "nothing" => Cleanup(new OccurrenceChange { Date = Saturday }),
            _ => Cleanup(new OccurrenceChange { Date = new DateOnly(2026, 10, 31), Room = "a" }),
        };
        Assert.Contains(ContentValidator.Validate(activity), e => e.Field == "recurrence.changes" && e.Chinese == chinese);
        Assert.Empty(ContentValidator.Validate(Cleanup(new OccurrenceChange { Date = Saturday, Room = "a" })));
    }

    [Fact]
    public void Changes_travel_as_camelCase_JSON_and_an_unknown_field_is_refused()
    {
        var activity = Cleanup(new OccurrenceChange { Date = Saturday, Start = new DateTime(2026, 11, 22, 9, 0, 0), Room = "书画室", Cancelled = false }) with { HeldOnHolidays = true };
        var json = ContentJson.Serialize(activity);
        Assert.Contains("\"changes\":[{\"date\":\"2026-11-21\",\"start\":\"2026-11-22T09:00:00\",\"room\":\"书画室\",\"cancelled\":false}]", json);
        Assert.Contains("\"heldOnHolidays\":true", json);
        var back = ContentJson.Deserialize<Activity>(json);
        Assert.Equal(activity.Recurrence!.Changes, back.Recurrence!.Changes);
        Assert.True(back.HeldOnHolidays);
        Assert.Throws<JsonException>(() => ContentJson.Deserialize<Activity>(json.Replace("\"room\":", "\"rooom\":")));
        // An activity stored before changes existed still reads.
        Assert.False(ContentJson.Deserialize<Activity>(json.Replace(",\"heldOnHolidays\":true", "")).HeldOnHolidays);
    }
}
