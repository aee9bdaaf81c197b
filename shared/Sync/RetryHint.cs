using System.Globalization;

namespace SignageKiosk.Shared.Sync;

/// <summary>
/// The controller's "come back later" (HTTP 503 + <c>Retry-After</c>) when it admits kiosks at the rate it can serve
/// them (docs/decisions/0039). The controller spreads the refused crowd over the time it needs to drain it; the kiosk
/// waits at least the hint, plus up to a second of its own jitter, so refused kiosks never come back in step.
/// </summary>
public static class RetryHint
{
    /// <summary>The longest hint a kiosk honours: a bogus or hostile header must not silence a board for long.</summary>
    public static readonly TimeSpan MaxHonoured = TimeSpan.FromSeconds(60);

    /// <summary>Retry-After as delta-seconds or an HTTP date; null when absent or unreadable.</summary>
    public static TimeSpan? Parse(string? retryAfter, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(retryAfter))
        {
            return null;
        }
        var value = retryAfter.Trim();
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }
        return DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at > now ? at - now : TimeSpan.Zero
            : null;
    }

    /// <summary>How long a refused kiosk waits: the hint (at most <paramref name="max"/>) plus up to one second of jitter.</summary>
    public static TimeSpan Delay(TimeSpan hint, TimeSpan max, double random)
    {
        var capped = hint < TimeSpan.Zero ? TimeSpan.Zero : hint > max ? max : hint;
        return capped + TimeSpan.FromMilliseconds(1000 * Math.Clamp(random, 0, 1));
    }

    /// <summary>
    /// The controller's side: the window (whole seconds, 1 to <paramref name="maxSeconds"/>) over which to spread the
    /// kiosks refused in the last second, given how many handshakes it completed in that second (at least
    /// <paramref name="floorRate"/>, so a node that has just started does not scare its fleet away).
    /// </summary>
    public static int Window(int refusedLastSecond, int admittedLastSecond, int floorRate, int maxSeconds)
    {
        var rate = Math.Max(Math.Max(admittedLastSecond, floorRate), 1);
        var seconds = 1 + (refusedLastSecond + rate - 1) / rate;
        return Math.Clamp(seconds, 1, Math.Max(1, maxSeconds));
    }

    /// <summary>One refused kiosk's hint: a whole number of seconds, uniform over the window.</summary>
    public static int Pick(int windowSeconds, double random) =>
        1 + Math.Min(Math.Max(windowSeconds, 1) - 1, (int)(Math.Clamp(random, 0, 1) * Math.Max(windowSeconds, 1)));
}
