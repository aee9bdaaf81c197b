using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Broadcasts;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Tests.Unit;

public sealed class EmergencyBroadcastTests
{
    private static readonly Station Station = new() { Id = "s", Name = "丹桂苑红色驿站", PlaceId = "compound-a" };
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(8));

    private static EmergencyBroadcast Broadcast(string id, DateTimeOffset start, DateTimeOffset end, DateTimeOffset? cleared = null, string title = "燃气泄漏") =>
        new() { Id = id, Title = title, Body = "请勿使用明火", StartsAt = start, EndsAt = end, ClearedAt = cleared, Target = ItemTarget.Place("compound-a") };

    private static BoardView At(DateTimeOffset now, params EmergencyBroadcast[] broadcasts) =>
        BoardView.Evaluate(new BoardContent { Stations = [Station], Broadcasts = broadcasts }, now);

    [Fact]
    public void A_broadcast_covers_the_board_from_its_start_until_its_end_or_its_clearing()
    {
        var live = Broadcast("gas", Now.AddMinutes(-5), Now.AddMinutes(30));
        Assert.Equal("gas", At(Now, live).Broadcast?.Id);
        Assert.Null(At(Now.AddMinutes(-6), live).Broadcast);
        Assert.Null(At(Now.AddMinutes(30), live).Broadcast);
        Assert.Equal("gas", At(Now.AddMinutes(30).AddTicks(-1), live).Broadcast?.Id);
        var cleared = live with { ClearedAt = Now.AddMinutes(1) };
        Assert.Equal("gas", At(Now, cleared).Broadcast?.Id);
        Assert.Null(At(Now.AddMinutes(1), cleared).Broadcast);
    }

    [Fact]
    public void Its_start_end_and_clearing_are_boundaries_so_the_board_changes_on_time_offline()
    {
        var later = Broadcast("later", Now.AddMinutes(10), Now.AddMinutes(40));
        Assert.Equal(Now.AddMinutes(10), At(Now, later).NextBoundary);
        Assert.Equal(Now.AddMinutes(40), At(Now.AddMinutes(10), later).NextBoundary);
        Assert.Equal(Now.AddMinutes(20), At(Now.AddMinutes(10), later with { ClearedAt = Now.AddMinutes(20) }).NextBoundary);
    }

    [Fact]
    public void The_newest_of_two_live_broadcasts_is_shown()
    {
        var first = Broadcast("first", Now.AddMinutes(-30), Now.AddHours(2));
        var second = Broadcast("second", Now.AddMinutes(-1), Now.AddHours(1));
        Assert.Equal("second", At(Now, first, second).Broadcast?.Id);
        Assert.Equal("first", At(Now.AddHours(1), first, second).Broadcast?.Id);
    }

    [Fact]
    public void It_is_rendered_over_the_board_as_text_with_its_end_in_station_time()
    {
        var hostile = Broadcast("x", Now.AddMinutes(-1), Now.AddMinutes(45), title: "<img src=x onerror=alert(1)>");
        var html = BoardRenderer.RenderBody(At(Now, hostile));
        Assert.Contains("class=\"broadcast\"", html);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html);
        Assert.DoesNotContain("<img src=x", html);
        Assert.Contains("持续至 10:45", html);
        Assert.DoesNotContain("class=\"broadcast\"", BoardRenderer.RenderBody(At(Now.AddHours(1), hostile)));
    }

    [Fact]
    public void The_validator_refuses_a_broadcast_without_a_sensible_window_or_aimed_at_one_kiosk()
    {
        var good = Broadcast("ok", Now, Now.AddHours(1));
        Assert.Empty(ContentValidator.Validate(good));
        Assert.Contains(ContentValidator.Validate(good with { EndsAt = Now }), e => e.Field == "endsAt");
        Assert.Contains(ContentValidator.Validate(good with { EndsAt = Now.AddDays(4) }), e => e.Field == "endsAt");
        Assert.Contains(ContentValidator.Validate(good with { Target = ItemTarget.Kiosk("k") }), e => e.Field == "target");
        Assert.Contains(ContentValidator.Validate(good with { Title = new string('急', 41) }), e => e.Field == "title");
        Assert.Contains(ContentValidator.Validate(good with { Title = " " }), e => e.Field == "title");
    }
}
