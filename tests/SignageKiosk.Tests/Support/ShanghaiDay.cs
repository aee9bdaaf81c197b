namespace SignageKiosk.Tests.Support;

/// <summary>
/// The stations' (Asia/Shanghai) date for tests that publish something for "today" or "tomorrow". Never taken in
/// the last minutes before midnight there: a test that read one date and whose kiosk then evaluates the next would
/// fail for no fault of the product, so it waits for the new day instead (a few minutes a day at most).
/// </summary>
public static class ShanghaiDay
{
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(3);

    public static TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static DateTime Today()
    {
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Zone).DateTime;
        var untilMidnight = local.Date.AddDays(1) - local;
        if (untilMidnight < Guard)
        {
            Thread.Sleep(untilMidnight + TimeSpan.FromSeconds(5));
        }
        return TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Zone).Date;
    }
}
