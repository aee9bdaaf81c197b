namespace SignageKiosk.Shared.Fleet;

/// <summary>One sample of the fleet, taken by the controller every minute.</summary>
public sealed record FleetSample(DateTimeOffset At, int Online, int ScreenOff, int Offline, int NeverSeen);

/// <summary>One bucket of the history chart; the counts are null when no sample fell in it (controller down).</summary>
public sealed record FleetBucket(DateTimeOffset Start, int? Online, int? MinOnline, int? ScreenOff, int? Offline, int Samples);

public static class FleetHistory
{
    public static readonly TimeSpan BucketSize = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Every bucket from <paramref name="from"/> (rounded down to a bucket) to <paramref name="to"/>, oldest
    /// first. A bucket's online count is the most seen in it, with the fewest beside it: a dip is visible.
    /// </summary>
    public static List<FleetBucket> Buckets(IEnumerable<FleetSample> samples, DateTimeOffset from, DateTimeOffset to, TimeSpan? size = null)
    {
        var bucket = size ?? BucketSize;
        var start = Floor(from, bucket);
        var byBucket = samples
            .Where(s => s.At >= start && s.At < to)
            .GroupBy(s => Floor(s.At, bucket))
            .ToDictionary(g => g.Key, g => g.ToList());
        var result = new List<FleetBucket>();
        for (var at = start; at < to; at += bucket)
        {
            result.Add(byBucket.TryGetValue(at, out var inBucket)
                ? new FleetBucket(at, inBucket.Max(s => s.Online), inBucket.Min(s => s.Online), inBucket.Max(s => s.ScreenOff), inBucket.Max(s => s.Offline), inBucket.Count)
                : new FleetBucket(at, null, null, null, null, 0));
        }
        return result;
    }

    /// <summary>
    /// An area's samples at the fleet's sample times, from rows written only when the area's counts changed: at each
    /// time, the latest row at or before it (none yet: all zero). Times without a fleet sample stay gaps.
    /// </summary>
    public static List<FleetSample> AreaSamples(IEnumerable<DateTimeOffset> sampleTimes, IReadOnlyList<FleetSample> changes)
    {
        var ordered = changes.OrderBy(c => c.At).ToList();
        var result = new List<FleetSample>();
        var next = 0;
        FleetSample? current = null;
        foreach (var at in sampleTimes.Order())
        {
            while (next < ordered.Count && ordered[next].At <= at)
            {
                current = ordered[next++];
            }
            result.Add(current is null ? new FleetSample(at, 0, 0, 0, 0) : current with { At = at });
        }
        return result;
    }

    public static DateTimeOffset Floor(DateTimeOffset at, TimeSpan size)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.UtcTicks - utc.UtcTicks % size.Ticks, TimeSpan.Zero);
    }
}
