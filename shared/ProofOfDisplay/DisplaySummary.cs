namespace SignageKiosk.Shared.ProofOfDisplay;

/// <summary>One screen's display hours for a question, summed: how long in all, and from when to when.</summary>
public sealed record DisplaySummary(int TotalSeconds, DateTimeOffset? FirstShown, DateTimeOffset? LastShown)
{
    public bool Shown => TotalSeconds > 0;

    /// <param name="hours">Hour starts and seconds; hours with no seconds do not widen the span.</param>
    public static DisplaySummary Of(IEnumerable<(DateTimeOffset Hour, int Seconds)> hours)
    {
        var total = 0;
        DateTimeOffset? first = null, last = null;
        foreach (var (hour, seconds) in hours)
        {
            if (seconds <= 0)
            {
                continue;
            }
            total += seconds;
            first = first is null || hour < first ? hour : first;
            var end = hour + DisplayHours.Length;
            last = last is null || end > last ? end : last;
        }
        return new DisplaySummary(total, first, last);
    }

    /// <summary>Whole minutes, rounded; a few seconds are not "0 minutes" but stay seconds (see the page).</summary>
    public static int Minutes(int seconds) => (int)Math.Round(seconds / 60.0, MidpointRounding.AwayFromZero);
}
