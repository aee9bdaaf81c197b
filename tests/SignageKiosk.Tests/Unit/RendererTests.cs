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
        Assert.DoesNotContain("<img", html);
        Assert.DoesNotContain("<b>", html);
        Assert.DoesNotContain("\" onmouseover", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.Contains("停水", html);
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
