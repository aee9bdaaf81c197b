using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Notices;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Tests.Unit;

public sealed class RendererTests
{
    [Fact]
    public void Staff_text_is_encoded_never_emitted_as_markup()
    {
        var notice = new Notice
        {
            Id = "x\" onmouseover=\"alert(1)", Title = "<img src=x onerror=alert(1)>", Body = "</p><script>alert('停水')</script>",
            Target = ItemTarget.Place("c"), Priority = NoticePriority.Urgent,
        };
        var html = BoardRenderer.RenderBody(BoardView.Evaluate(new BoardContent
        {
            Stations = [new Station { Id = "s", Name = "<b>驿站</b>", PlaceId = "c" }],
            Notices = [notice],
        }, DateTimeOffset.UtcNow));
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<img src=x", html);
        Assert.DoesNotContain("<b>", html);
        Assert.DoesNotContain("\" onmouseover", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.Contains("停水", html);
    }

    [Fact]
    public void An_evening_activity_past_midnight_shows_its_end_on_the_next_day()
    {
        var evening = new SignageKiosk.Shared.Activities.Activity
        {
            Id = "a-eve", Title = "除夕守岁联欢会", Start = new DateTime(2027, 2, 5, 20, 0, 0), End = new DateTime(2027, 2, 6, 0, 30, 0),
            Target = ItemTarget.Place("c"),
        };
        var html = BoardRenderer.RenderBody(BoardView.Evaluate(new BoardContent
        {
            Stations = [new Station { Id = "s", Name = "驿站", PlaceId = "c" }],
            Activities = [evening],
        }, new DateTimeOffset(2027, 2, 5, 21, 0, 0, TimeSpan.FromHours(8))));
        Assert.Contains("20:00–次日00:30", html);
    }

    [Fact]
    public void Every_shipped_layout_is_usable()
    {
        Assert.Equal(["landscape", "portrait"], BoardLayouts.All.Keys.Order());
        foreach (var layout in BoardLayouts.All.Values)
        {
            Assert.Empty(BoardLayouts.Validate(layout));
        }
        Assert.Equal(1920, BoardLayouts.Get("landscape").Width);
        Assert.Equal(1920, BoardLayouts.Get("portrait").Height);
        Assert.Equal("landscape", BoardLayouts.Get("no-such-layout").Id);
    }

    [Fact]
    public void A_broken_layout_is_reported()
    {
        var broken = new BoardLayout
        {
            Id = "x", Name = "x", Columns = ["1fr", "calc(1px)"], Rows = ["1fr"],
            Zones = [new LayoutZone { Name = "header" }, new LayoutZone { Name = "main" }, new LayoutZone { Name = "side", Column = 3 }],
        };
        var problems = BoardLayouts.Validate(broken);
        Assert.Contains(problems, p => p.Contains("'ticker' is missing"));
        Assert.Contains(problems, p => p.Contains("calc(1px)"));
        Assert.Contains(problems, p => p.Contains("'side' lies outside"));
        Assert.Contains(problems, p => p.Contains("'main' overlaps"));
    }

    [Fact]
    public void Every_screen_is_in_the_document_with_a_home_button_and_only_home_visible()
    {
        var html = BoardRenderer.RenderBody(BoardView.Evaluate(new BoardContent(), DateTimeOffset.UtcNow));
        foreach (var panel in BoardRenderer.Panels)
        {
            Assert.Contains($"data-screen=\"{panel}\" hidden=\"\"", html);
            Assert.Contains($"data-target=\"{panel}\"", html);
        }
        Assert.Contains("data-screen=\"home\">", html);
        Assert.Contains("data-action=\"elder\"", html);
    }

    [Fact]
    public void English_is_available_for_the_board_s_own_words()
    {
        var view = BoardView.Evaluate(new BoardContent(), new DateTimeOffset(2026, 11, 23, 1, 30, 0, TimeSpan.Zero));
        var html = BoardRenderer.RenderBody(view, settings: new AccessibilitySettings { Language = BoardLanguage.En });
        Assert.Contains("Building roster", html);
        Assert.Contains("Monday", html);
        Assert.DoesNotContain("楼栋公示", html);
    }

    [Fact]
    public void A_tel_QR_code_carries_only_digits_and_a_notice_QR_is_cut_to_fit()
    {
        Assert.Equal("tel:05368123456", QrCode.Tel("0536-8123456"));
        Assert.StartsWith("<svg", QrCode.Svg("tel:110").TrimStart()[..4]);
        var text = QrCode.NoticeText("停水通知", new string('水', 2000));
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(text) <= QrCode.MaxBytes + 3);
        Assert.EndsWith("…", text);
        Assert.Equal("停水通知\n\n短", QrCode.NoticeText("停水通知", "短"));
    }

    [Fact]
    public void The_header_shows_the_station_date_and_weekday_in_Chinese()
    {
        var html = BoardRenderer.RenderBody(BoardView.Evaluate(new BoardContent
        {
            Stations = [new Station { Id = "s", Name = "丹桂苑红色驿站", PlaceId = "c" }],
        }, new DateTimeOffset(2026, 11, 23, 1, 30, 0, TimeSpan.Zero)));
        Assert.Contains("丹桂苑红色驿站", html);
        Assert.Contains("2026年11月23日", html);
        Assert.Contains("星期一", html);
        Assert.Contains(">09:30<", html);
        Assert.Contains("data-utc-offset-minutes=\"480\"", html);
    }
}
