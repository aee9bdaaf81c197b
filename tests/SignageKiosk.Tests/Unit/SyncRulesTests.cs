using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Tests.Unit;

public sealed class SyncRulesTests
{
    private static SyncChange Change(long seq, long prev) => new() { Seq = seq, Prev = prev, Kind = "notices", Id = "n" };

    [Theory]
    [InlineData(10, 12, 10, SyncDecision.Apply)]   // the next change of this kiosk's stream
    [InlineData(10, 12, 7, SyncDecision.Apply)]    // prev already covered by the cursor
    [InlineData(10, 12, 11, SyncDecision.CatchUp)] // seq 11 targeted this kiosk and never arrived
    [InlineData(10, 10, 8, SyncDecision.Skip)]     // already applied (came through catch-up)
    [InlineData(10, 9, 3, SyncDecision.Skip)]
    [InlineData(0, 1, 0, SyncDecision.Apply)]
    public void A_live_change_is_applied_skipped_or_reveals_a_gap(long cursor, long seq, long prev, SyncDecision expected) =>
        Assert.Equal(expected, SyncRules.Decide(cursor, Change(seq, prev)));

    [Fact]
    public void A_catch_up_batch_must_be_strictly_increasing_after_the_cursor()
    {
        Assert.True(SyncRules.IsOrderedAfter(5, [Change(6, 5), Change(9, 6), Change(12, 9)]));
        Assert.False(SyncRules.IsOrderedAfter(5, [Change(5, 4)]));
        Assert.False(SyncRules.IsOrderedAfter(5, [Change(7, 5), Change(7, 7)]));
        Assert.False(SyncRules.IsOrderedAfter(5, [Change(9, 5), Change(8, 9)]));
    }

    [Fact]
    public void The_chain_fingerprint_changes_when_the_kiosk_moves()
    {
        var here = SyncRules.Fingerprint("k1", ["b1", "compound-a", "c1"]);
        Assert.Equal(here, SyncRules.Fingerprint("k1", ["b1", "compound-a", "c1"]));
        Assert.NotEqual(here, SyncRules.Fingerprint("k1", ["compound-a", "c1"]));
        Assert.NotEqual(here, SyncRules.Fingerprint("k2", ["b1", "compound-a", "c1"]));
    }

    [Fact]
    public void Backoff_grows_exponentially_with_full_jitter_and_stays_under_its_cap()
    {
        var initial = TimeSpan.FromSeconds(1);
        var max = TimeSpan.FromSeconds(60);
        Assert.Equal(TimeSpan.FromSeconds(0.5), Backoff.Delay(0, initial, max, 0));
        Assert.Equal(TimeSpan.FromSeconds(1), Backoff.Delay(0, initial, max, 1));
        Assert.Equal(TimeSpan.FromSeconds(8), Backoff.Delay(3, initial, max, 1));
        Assert.Equal(max, Backoff.Delay(30, initial, max, 1));
        Assert.Equal(max, Backoff.Delay(1000, initial, max, 1));
        // Jitter spreads a reconnect storm: the same attempt lands anywhere in its window.
        var spread = Enumerable.Range(0, 11).Select(i => Backoff.Delay(6, initial, max, i / 10.0)).Distinct().Count();
        Assert.Equal(11, spread);
    }
}
