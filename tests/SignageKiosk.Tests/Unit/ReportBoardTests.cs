using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Places;
using SignageKiosk.Shared.Reports;

namespace SignageKiosk.Tests.Unit;

/// <summary>The board's side of 我要反映 that needs no browser: the reference typed as digits, the buildings offered, the figures.</summary>
public sealed class ReportBoardTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 10, 0, 0, TimeSpan.FromHours(8));

    private static Place P(string id, PlaceKind kind, string name, string? parent, int order = 0) =>
        new() { Id = id, Kind = kind, Name = name, ParentId = parent, Order = order };

    private static readonly Place[] World =
    [
        P("c1", PlaceKind.Community, "幸福里社区", null),
        P("ca", PlaceKind.Compound, "丹桂苑", "c1"),
        P("cb", PlaceKind.Compound, "银杏苑", "c1"),
        P("a2", PlaceKind.Building, "2栋", "ca", 2),
        P("a1", PlaceKind.Building, "1栋", "ca", 1),
        P("a1-u2", PlaceKind.Unit, "2单元", "a1", 2),
        P("a1-u1", PlaceKind.Unit, "1单元", "a1", 1),
        P("b1", PlaceKind.Building, "1栋", "cb", 1),
    ];

    private static BoardContent Content(string? kioskPlace = null, params ReportFigures[] figures) => new()
    {
        KioskId = "k",
        Places = World,
        Stations = [new Station { Id = "s", Name = "丹桂苑红色驿站", PlaceId = "ca" }],
        Kiosks = [new SignageKiosk.Shared.Places.Kiosk { Id = "k", Name = "大厅屏", StationId = "s", PlaceId = kioskPlace }],
        ReportFigures = figures,
    };

    private static ReportFigures Figures(string compound, string month = "2026-12") => new()
    {
        Id = "report-figures:" + compound, Target = ItemTarget.Place(compound), Month = month,
        Received = 12, Resolved = 8, ResolvedInTime = 7, MedianDaysToResolve = 1.54, SatisfiedShare = 0.9, UpdatedAt = Now,
    };

    [Theory]
    [InlineData("202612050042", "R20261205-0042")]
    [InlineData("20261205004217", "R20261205-004217")]
    [InlineData("R20261205-0042", "R20261205-0042")]
    [InlineData(" r20261205 0042 ", "R20261205-0042")]
    [InlineData("20261205004", null)]            // the day's count needs four digits
    [InlineData("2026120500421234567", null)]    // longer than any reference
    [InlineData("2026120500４2", null)]          // a full-width digit is not a digit here
    [InlineData("R2026-1205-0042x", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Digits_typed_on_the_pad_become_a_reference(string? typed, string? expected)
    {
        Assert.Equal(expected, ReportReferenceInput.FromDigits(typed));
        if (expected is not null)
        {
            Assert.True(ReportReference.IsWellFormed(expected));
        }
    }

    [Theory]
    [InlineData("", "R")]
    [InlineData("2026", "R2026")]
    [InlineData("20261205", "R20261205")]
    [InlineData("202612050", "R20261205-0")]
    public void The_pad_shows_the_reference_as_it_is_typed(string digits, string shown) =>
        Assert.Equal(shown, ReportReferenceInput.Display(digits));

    [Fact]
    public void A_station_kiosk_offers_its_compounds_buildings_in_order_with_their_units_and_nothing_of_another_compound()
    {
        var choices = ReportChoices.From(Content(), Now.DateTime);
        Assert.Equal(["a1", "a2"], choices.Buildings.Select(b => b.Building.Id));
        Assert.Equal(["a1-u1", "a1-u2"], choices.Buildings[0].Units.Select(u => u.Id));
        Assert.Empty(choices.Buildings[1].Units);
    }

    [Fact]
    public void A_lobby_kiosk_offers_only_its_own_building()
    {
        var choices = ReportChoices.From(Content("a1"), Now.DateTime);
        Assert.Equal(["a1"], choices.Buildings.Select(b => b.Building.Id));
    }

    [Fact]
    public void A_kiosk_above_any_building_or_without_places_offers_none_and_a_cycle_does_not_hang()
    {
        Assert.Empty(ReportChoices.From(Content() with { Places = [] }, Now.DateTime).Buildings);
        var cyclic = new[] { P("x", PlaceKind.Compound, "x", "y"), P("y", PlaceKind.Community, "y", "x"), P("z", PlaceKind.Building, "z", "x") };
        var content = Content() with { Places = cyclic, Stations = [new Station { Id = "s", Name = "s", PlaceId = "q" }] };
        Assert.Empty(ReportChoices.From(content, Now.DateTime).Buildings);
    }

    [Fact]
    public void The_figures_are_those_of_the_kiosks_compound_and_an_older_month_is_named()
    {
        var choices = ReportChoices.From(Content("a1", Figures("cb"), Figures("ca")), Now.DateTime);
        Assert.Equal("report-figures:ca", choices.Figures!.Id);
        Assert.True(choices.FiguresThisMonth);
        Assert.False(ReportChoices.From(Content(null, Figures("ca", "2026-11")), Now.DateTime).FiguresThisMonth);
        Assert.Null(ReportChoices.From(Content(null, Figures("cb")), Now.DateTime).Figures);
        Assert.Equal("88%", ReportChoices.Percent(7, 8));
        Assert.Null(ReportChoices.Percent(0, 0));
        Assert.Equal("1.5", ReportChoices.Days(1.54));
        Assert.Equal("3", ReportChoices.Days(3));
    }

    [Fact]
    public void The_report_screen_renders_figures_buildings_and_phrases_as_text()
    {
        var hostile = World.Select(p => p.Id == "a2" ? p with { Name = "<img src=x onerror=alert(1)>2栋" } : p).ToArray();
        var html = BoardRenderer.RenderBody(BoardView.Evaluate(Content(null, Figures("ca")) with { Places = hostile }, Now));
        Assert.Contains("data-screen=\"report\"", html);
        Assert.Contains("data-screen=\"report-lookup\"", html);
        Assert.Contains("本月接诉即办", html);
        Assert.Contains(">12 件<", html);
        Assert.Contains(">88%<", html);
        Assert.Contains(">1.5 天<", html);
        Assert.Contains(">90%<", html);
        Assert.Contains("data-action=\"report-building\" data-report-building=\"a1\"", html);
        Assert.DoesNotContain("data-action=\"report-building\" data-report-building=\"b1\"", html);
        Assert.Contains("&lt;img src=x", html);
        Assert.DoesNotContain("<img src=x", html);
        foreach (var category in ReportCategories.All)
        {
            Assert.Contains($">{ReportCategories.Label(category)}<", html);
            Assert.All(ReportPhrases.For(category), phrase => Assert.Contains($"data-phrase=\"{phrase.Id}\"", html));
        }
        var none = BoardRenderer.RenderBody(BoardView.Evaluate(Content(), Now));
        Assert.Contains("本月暂无数据", none);
        var older = BoardRenderer.RenderBody(BoardView.Evaluate(Content(null, Figures("ca", "2026-11")), Now));
        Assert.Contains("2026年11月 接诉即办", older);
    }

    [Fact]
    public void A_status_is_shown_with_chinese_labels_in_china_time_and_ratings_parse_only_by_name()
    {
        var view = ReportStatusView.From(new ReportStatus
        {
            Reference = "R20261205-0042", Category = ReportCategory.SafetyHazard, State = ReportState.Resolved,
            ReceivedAt = new DateTimeOffset(2026, 12, 5, 1, 30, 0, TimeSpan.Zero), ResolvedAt = new DateTimeOffset(2026, 12, 6, 16, 5, 0, TimeSpan.Zero),
            PublicReply = "已清理通道\u202e", MayRate = true,
        });
        Assert.Equal("安全隐患", view.CategoryLabel);
        Assert.Equal("已办结", view.StateLabel);
        Assert.Equal("2026年12月5日 09:30", view.ReceivedAt);
        Assert.Equal("2026年12月7日 00:05", view.ResolvedAt);
        Assert.Equal("已清理通道", view.Reply);
        Assert.True(view.MayRate);
        Assert.True(ReportRatings.TryParse("fairlySatisfied", out var rating));
        Assert.Equal(ReportRating.FairlySatisfied, rating);
        Assert.False(ReportRatings.TryParse("2", out _));
        Assert.False(ReportRatings.TryParse("Satisfied", out _));
    }
}
