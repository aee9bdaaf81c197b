using SignageKiosk.Shared.Fleet;

namespace SignageKiosk.Tests.Unit;

public sealed class FleetRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 22, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(30);

    private static KioskState State(TimeSpan? silentFor, bool screenOff = false, TimeSpan? declared = null, int missed = 3) =>
        FleetRules.StateOf(new KioskLiveness { LastSeen = silentFor is { } s ? Now - s : null, ScreenOff = screenOff, HeartbeatInterval = declared }, Now, Heartbeat, missed);

    [Fact]
    public void A_registered_kiosk_that_never_said_hello_is_never_seen() =>
        Assert.Equal(KioskState.NeverSeen, State(null));

    [Theory]
    [InlineData(0, KioskState.Online)]
    [InlineData(31, KioskState.Online)]      // one heartbeat missed: late, not gone
    [InlineData(90, KioskState.Online)]      // exactly three missed: still within the window
    [InlineData(91, KioskState.Offline)]
    [InlineData(86400, KioskState.Offline)]
    public void A_kiosk_is_offline_only_after_the_configured_number_of_missed_heartbeats(int silentSeconds, KioskState expected) =>
        Assert.Equal(expected, State(TimeSpan.FromSeconds(silentSeconds)));

    [Fact]
    public void The_number_of_missed_heartbeats_is_configurable()
    {
        Assert.Equal(KioskState.Online, State(TimeSpan.FromSeconds(140), missed: 5));
        Assert.Equal(KioskState.Offline, State(TimeSpan.FromSeconds(151), missed: 5));
        Assert.Equal(KioskState.Offline, State(TimeSpan.FromSeconds(31), missed: 1));
    }

    [Fact]
    public void A_screen_switched_off_on_purpose_within_its_window_is_not_a_fault()
    {
        Assert.Equal(KioskState.ScreenOffBySchedule, State(TimeSpan.FromSeconds(5), screenOff: true));
        Assert.Equal(KioskState.ScreenOffBySchedule, State(TimeSpan.FromSeconds(90), screenOff: true));
    }

    [Fact]
    public void A_kiosk_that_stopped_talking_is_offline_whatever_its_last_report_said() =>
        Assert.Equal(KioskState.Offline, State(TimeSpan.FromSeconds(91), screenOff: true));

    [Fact]
    public void Screen_off_by_schedule_is_never_offline_through_a_whole_night_while_it_keeps_reporting()
    {
        // Screen off from 22:00 to 07:00; the host heartbeats every 30 s with a little jitter. Checked every 10 s.
        var night = TimeSpan.FromHours(9);
        var random = new Random(7);
        var lastSeen = Now;
        var nextBeat = Now;
        for (var at = Now; at <= Now + night; at += TimeSpan.FromSeconds(10))
        {
            while (nextBeat <= at)
            {
                lastSeen = nextBeat;
                nextBeat += Heartbeat + TimeSpan.FromMilliseconds(random.Next(0, 2000));
            }
            var state = FleetRules.StateOf(new KioskLiveness { LastSeen = lastSeen, ScreenOff = true }, at, Heartbeat, 3);
            Assert.Equal(KioskState.ScreenOffBySchedule, state);
        }
    }

    [Fact]
    public void A_kiosk_is_judged_by_the_heartbeat_it_declared_within_sane_bounds()
    {
        Assert.Equal(KioskState.Online, State(TimeSpan.FromSeconds(5), declared: TimeSpan.FromSeconds(2)));
        Assert.Equal(KioskState.Offline, State(TimeSpan.FromSeconds(7), declared: TimeSpan.FromSeconds(2)));
        // A zero or absurd declaration is clamped: one second at least, ten minutes at most.
        Assert.Equal(TimeSpan.FromSeconds(3), FleetRules.OfflineAfter(TimeSpan.Zero, Heartbeat, 3));
        Assert.Equal(TimeSpan.FromMinutes(30), FleetRules.OfflineAfter(TimeSpan.FromDays(1), Heartbeat, 3));
        Assert.Equal(TimeSpan.FromSeconds(90), FleetRules.OfflineAfter(null, Heartbeat, 3));
    }

    [Fact]
    public void A_kiosk_seen_just_now_by_a_clock_slightly_ahead_is_online() =>
        Assert.Equal(KioskState.Online, State(TimeSpan.FromSeconds(-2)));

    [Fact]
    public void History_buckets_are_five_minutes_with_gaps_left_empty_and_dips_kept()
    {
        var from = new DateTimeOffset(2026, 11, 21, 10, 2, 0, TimeSpan.Zero);
        var samples = new[]
        {
            new FleetSample(from.AddMinutes(-3), 9, 0, 0, 0),   // before the range: ignored
            new FleetSample(from, 5, 1, 0, 0),                   // 10:02 → bucket 10:00
            new FleetSample(from.AddMinutes(1), 4, 1, 1, 0),
            new FleetSample(from.AddMinutes(2), 5, 1, 0, 0),     // 10:04
            new FleetSample(from.AddMinutes(13), 6, 0, 0, 1),    // 10:15
        };
        var buckets = FleetHistory.Buckets(samples, from, from.AddMinutes(18));
        Assert.Equal([from.AddMinutes(-2), from.AddMinutes(3), from.AddMinutes(8), from.AddMinutes(13)], buckets.Select(b => b.Start));
        Assert.Equal((5, 4, 3), (buckets[0].Online!.Value, buckets[0].MinOnline!.Value, buckets[0].Samples));
        Assert.Equal(1, buckets[0].Offline);
        Assert.Null(buckets[1].Online);
        Assert.Equal(0, buckets[2].Samples);
        Assert.Equal(6, buckets[3].Online);
    }

    [Fact]
    public void An_areas_history_is_its_latest_change_at_each_fleet_sample_time()
    {
        var t = new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);
        var times = new[] { t, t.AddMinutes(1), t.AddMinutes(2), t.AddMinutes(5) };   // minutes 3-4: controller down
        var changes = new[]
        {
            new FleetSample(t.AddMinutes(1), 2, 0, 1, 0),
            new FleetSample(t.AddMinutes(4), 3, 0, 0, 0),   // written while the fleet row of that minute was lost
        };
        var samples = FleetHistory.AreaSamples(times, changes);
        Assert.Equal(times, samples.Select(s => s.At));
        Assert.Equal([0, 2, 2, 3], samples.Select(s => s.Online));
        Assert.Equal([0, 1, 1, 0], samples.Select(s => s.Offline));
    }
}
