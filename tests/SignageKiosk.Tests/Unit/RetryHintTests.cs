using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Tests.Unit;

public sealed class RetryHintTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 6, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("3", 3)]
    [InlineData(" 12 ", 12)]
    [InlineData("Sun, 06 Dec 2026 06:00:05 GMT", 5)]
    [InlineData("Sun, 06 Dec 2026 05:59:00 GMT", 0)]
    public void Parses_delta_seconds_and_dates(string header, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), RetryHint.Parse(header, Now));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("soon")]
    public void Ignores_what_it_cannot_read(string? header) => Assert.Null(RetryHint.Parse(header, Now));

    [Fact]
    public void A_kiosk_waits_the_hint_plus_up_to_a_second_never_more_than_the_cap()
    {
        Assert.Equal(TimeSpan.FromSeconds(4), RetryHint.Delay(TimeSpan.FromSeconds(4), RetryHint.MaxHonoured, 0));
        Assert.Equal(TimeSpan.FromSeconds(5), RetryHint.Delay(TimeSpan.FromSeconds(4), RetryHint.MaxHonoured, 1));
        Assert.Equal(TimeSpan.FromSeconds(61), RetryHint.Delay(TimeSpan.FromHours(3), RetryHint.MaxHonoured, 1));
    }

    [Theory]
    // Nothing refused: come back within a second or two. 9,000 refused in a second at 1,000 served a second: spread over 10 s.
    [InlineData(0, 0, 32, 10, 1)]
    [InlineData(9_000, 1_000, 32, 20, 10)]
    [InlineData(9_000, 1_000, 32, 5, 5)]
    // A node that has served nobody yet assumes its floor rate, rather than sending its fleet away for the longest time.
    [InlineData(100, 0, 50, 10, 3)]
    public void The_window_is_the_time_to_serve_the_refused_crowd(int refused, int served, int floor, int max, int window) =>
        Assert.Equal(window, RetryHint.Window(refused, served, floor, max));

    [Fact]
    public void Hints_cover_the_whole_window_and_stay_inside_it()
    {
        Assert.Equal(1, RetryHint.Pick(5, 0));
        Assert.Equal(5, RetryHint.Pick(5, 1));
        Assert.Equal(3, RetryHint.Pick(5, 0.5));
        Assert.Equal(1, RetryHint.Pick(1, 0.99));
    }
}
