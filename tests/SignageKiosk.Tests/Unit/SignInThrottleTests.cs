using System.Net;
using Microsoft.Extensions.Options;
using SignageKiosk.Controller.Auth;

namespace SignageKiosk.Tests.Unit;

/// <summary>The sign-in budget on a clock the test moves: spent per address and per username, refilled after a minute.</summary>
public sealed class SignInThrottleTests
{
    private sealed class StoppedClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void Budgets_are_per_address_and_per_normalised_username_and_refill_after_a_minute()
    {
        var clock = new StoppedClock();
        var throttle = new SignInThrottle(Options.Create(new AuthOptions { SignInPermitsPerMinute = 2 }), clock);
        var home = IPAddress.Parse("10.0.0.1");
        var away = IPAddress.Parse("10.0.0.2");

        Assert.True(throttle.TryAcquire(home, "Admin", out _));
        Assert.True(throttle.TryAcquire(away, " ａｄｍｉｎ ", out _));
        Assert.False(throttle.TryAcquire(IPAddress.Parse("10.0.0.3"), "admin", out var retryAfter));
        Assert.Equal(TimeSpan.FromMinutes(1), retryAfter);
        Assert.True(throttle.TryAcquire(away, "wang", out _));
        Assert.False(throttle.TryAcquire(away, "li", out _));

        clock.Now += TimeSpan.FromSeconds(59);
        Assert.False(throttle.TryAcquire(home, "admin", out retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(1), retryAfter);
        clock.Now += TimeSpan.FromSeconds(1);
        Assert.True(throttle.TryAcquire(home, "admin", out _));
    }

    [Fact]
    public void An_IPv6_client_is_counted_per_64_block()
    {
        var throttle = new SignInThrottle(Options.Create(new AuthOptions { SignInPermitsPerMinute = 1 }), new StoppedClock());
        Assert.True(throttle.TryAcquire(IPAddress.Parse("2001:db8:1:2::10"), "a", out _));
        Assert.False(throttle.TryAcquire(IPAddress.Parse("2001:db8:1:2::99"), "b", out _));
        Assert.True(throttle.TryAcquire(IPAddress.Parse("2001:db8:1:3::10"), "c", out _));
    }
}
