namespace SignageKiosk.Shared.Sync;

/// <summary>
/// Full-jitter exponential backoff: a random delay in [0, min(cap, base·2^attempt)], at least a floor.
/// After a controller restart, thousands of kiosks spread their reconnects instead of arriving together.
/// </summary>
public static class Backoff
{
    public static TimeSpan Delay(int attempt, TimeSpan initial, TimeSpan max, double random)
    {
        var exponent = Math.Min(Math.Max(attempt, 0), 30);
        var ceiling = Math.Min(max.TotalMilliseconds, initial.TotalMilliseconds * Math.Pow(2, exponent));
        var floor = Math.Min(initial.TotalMilliseconds / 2, ceiling);
        return TimeSpan.FromMilliseconds(floor + (ceiling - floor) * Math.Clamp(random, 0, 1));
    }
}
