using SignageKiosk.Shared.Activities;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Holidays;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Tests.Unit;

/// <summary>A holiday the community marks: the series pauses that day unless held on holidays; the board names the day.</summary>
public sealed class HolidayTests
{
    private static readonly ItemTarget Here = ItemTarget.Place("c");
    private static readonly Station Shanghai = new() { Id = "s", Name = "丹桂苑红色驿站", PlaceId = "c" };
    private static readonly DateOnly NationalDay = new(2026, 10, 1);   // a Thursday
    private static readonly Holiday Guoqing = new() { Id = "h-guoqing", Target = Here, Date = NationalDay, Name = "国庆节" };

    private static DateTimeOffset Local(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.FromHours(8));

    /// <summary>书法班, every Thursday 09:00–11:00 from 3 September.</summary>
    private static readonly Activity Calligraphy = new()
    {
        Id = "calligraphy", Title = "书法班", Room = "书画室", Target = Here,
        Start = new DateTime(2026, 9, 3, 9, 0, 0), End = new DateTime(2026, 9, 3, 11, 0, 0),
        Recurrence = new Recurrence { Frequency = RecurrenceFrequency.Weekly },
    };

    [Fact]
    public void A_weekly_series_skips_the_holiday_and_the_board_names_the_day()
    {
        var holidays = new HashSet<DateOnly> { NationalDay };
        Assert.Equal([new DateTime(2026, 9, 24, 9, 0, 0), new DateTime(2026, 10, 8, 9, 0, 0)],
            OccurrenceExpander.Expand(Calligraphy, new DateTime(2026, 9, 20), new DateTime(2026, 10, 10), holidays).Select(o => o.Start));

        var content = new BoardContent { Stations = [Shanghai], Activities = [Calligraphy], Holidays = [Guoqing] };
        var view = BoardView.Evaluate(content, Local(10, 1, 9, 30));
        Assert.Empty(view.Happening);
        Assert.DoesNotContain(view.Activities, o => o.Start.Date == new DateTime(2026, 10, 1));
        Assert.Equal("国庆节", view.Holiday?.Name);
        var html = BoardRenderer.RenderBody(view);
        Assert.Contains("<span class=\"holiday\" data-holiday-id=\"h-guoqing\">国庆节</span>", html);
        // The day before and the day after are ordinary days.
        Assert.Null(BoardView.Evaluate(content, Local(9, 30, 23, 59)).Holiday);
        Assert.Null(BoardView.Evaluate(content, Local(10, 2, 0, 0)).Holiday);
        Assert.DoesNotContain("class=\"holiday\"", BoardRenderer.RenderBody(BoardView.Evaluate(content, Local(10, 2, 0, 0))));
        // Without the holiday it would be on.
        Assert.Single(BoardView.Evaluate(content with { Holidays = [] }, Local(10, 1, 9, 30)).Happening);
    }

    [Fact]
    public void An_activity_held_on_holidays_still_happens_and_so_does_a_one_off_and_a_changed_occurrence()
    {
        var desk = Calligraphy with { Id = "desk", Title = "节日值守服务台", HeldOnHolidays = true };
        var gala = new Activity { Id = "gala", Title = "国庆游园会", Target = Here, Start = new DateTime(2026, 10, 1, 14, 0, 0), End = new DateTime(2026, 10, 1, 16, 0, 0) };
        // Staff moved that Thursday's class to the afternoon themselves: their decision for that date wins.
        var moved = Calligraphy with
        {
            Id = "moved",
            Title = "书法班（节日特别课）",
            Recurrence = Calligraphy.Recurrence! with { Changes = [new OccurrenceChange { Date = NationalDay, Start = new DateTime(2026, 10, 1, 15, 0, 0) }] },
        };
        var content = new BoardContent { Stations = [Shanghai], Activities = [Calligraphy, desk, gala, moved], Holidays = [Guoqing] };
        Assert.Equal(["desk"], BoardView.Evaluate(content, Local(10, 1, 9, 30)).Happening.Select(o => o.Activity.Id));
        Assert.Equal(["gala", "moved"], BoardView.Evaluate(content, Local(10, 1, 15, 30)).Happening.Select(o => o.Activity.Id).Order());
    }

    [Fact]
    public void The_next_boundary_on_the_eve_of_a_holiday_skips_the_paused_start()
    {
        var content = new BoardContent { Stations = [Shanghai], Activities = [Calligraphy], Holidays = [Guoqing] };
        // At 23:00 on 30 September: midnight (the holiday begins), then nothing until midnight again.
        Assert.Equal(Local(10, 1, 0, 0), BoardView.Evaluate(content, Local(9, 30, 23, 0)).NextBoundary);
        Assert.Equal(Local(10, 2, 0, 0), BoardView.Evaluate(content, Local(10, 1, 0, 0)).NextBoundary);
        Assert.Equal(Local(10, 1, 9, 0), BoardView.Evaluate(content with { Holidays = [] }, Local(10, 1, 0, 0)).NextBoundary);
    }

    [Fact]
    public void A_holiday_is_a_content_kind_read_from_the_cache_and_checked_in_Chinese()
    {
        Assert.Equal(typeof(Holiday), ContentKind.Items[ContentKind.Holiday]);
        Assert.Equal("holidays", ContentKind.Holiday);
        var json = ContentJson.Serialize(Guoqing);
        Assert.Equal("{\"date\":\"2026-10-01\",\"name\":\"国庆节\",\"id\":\"h-guoqing\",\"target\":{\"placeId\":\"c\"}}", json);
        var content = BoardContentBuilder.Build([(ContentKind.Holiday, json), (ContentKind.Holiday, "{\"date\":\"2026-10-02\",\"name\":\"x\",\"id\":\"h2\",\"target\":{\"placeId\":\"c\"},\"colour\":\"red\"}")],
            null, new HashSet<string>());
        Assert.Equal([Guoqing], content.Holidays);

        Assert.Empty(ContentValidator.Validate(Guoqing));
        Assert.Contains(ContentValidator.Validate(Guoqing with { Name = " " }), e => e.Field == "name" && e.Chinese == "此项必填");
        Assert.Contains(ContentValidator.Validate(Guoqing with { Name = new string('节', 51) }), e => e.Field == "name" && e.Chinese == "最多 50 个字");
        Assert.Contains(ContentValidator.Validate(Guoqing with { Date = default }), e => e.Field == "date" && e.Chinese == "请填写正确的日期");
        Assert.Contains(ContentValidator.Validate(Guoqing with { Target = new ItemTarget() }), e => e.Field == "target");
    }

    [Fact]
    public void A_demo_package_moves_holidays_and_changes_with_its_anchor_date()
    {
        var moved = Calligraphy with
        {
            Recurrence = Calligraphy.Recurrence! with
            {
                Exceptions = [new DateOnly(2026, 9, 10)],
                Changes = [new OccurrenceChange { Date = new DateOnly(2026, 9, 17), Start = new DateTime(2026, 9, 18, 9, 0, 0) }],
            },
        };
        var package = new ContentPackage { AnchorDate = new DateOnly(2026, 9, 1), Activities = [moved], Holidays = [Guoqing] }.ShiftedTo(new DateOnly(2026, 9, 8));
        Assert.Equal(new DateOnly(2026, 10, 8), package.Holidays[0].Date);
        var rule = package.Activities[0].Recurrence!;
        Assert.Equal([new DateOnly(2026, 9, 17)], rule.Exceptions);
        Assert.Equal(new DateOnly(2026, 9, 24), rule.Changes[0].Date);
        Assert.Equal(new DateTime(2026, 9, 25, 9, 0, 0), rule.Changes[0].Start);
        Assert.Empty(ContentValidator.Validate(package.Activities[0]));
        Assert.Contains(package.Items(), i => i.Kind == ContentKind.Holiday);
    }
}
