using System.Text.Json;
using SignageKiosk.Shared.ProofOfDisplay;
using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Tests.Unit;

/// <summary>How time on screen is counted and split into hours, and what an upload must look like.</summary>
public sealed class ProofOfDisplayTests
{
    private static readonly DateTimeOffset Evening = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);   // 18:00 in Shanghai
    private static readonly TimeSpan Gap = TimeSpan.FromSeconds(20);

    private static DateTimeOffset At(double seconds) => Evening + TimeSpan.FromSeconds(seconds);

    /// <summary>Seconds per (notice, hour) from a list of pieces.</summary>
    private static Dictionary<(string, DateTimeOffset), double> Sum(IEnumerable<DisplayPiece> pieces) =>
        pieces.GroupBy(p => (p.NoticeId, p.Hour)).ToDictionary(g => g.Key, g => g.Sum(p => p.Duration.TotalSeconds));

    private static double Seconds(IEnumerable<DisplayPiece> pieces, string noticeId) =>
        pieces.Where(p => p.NoticeId == noticeId).Sum(p => p.Duration.TotalSeconds);

    [Fact]
    public void An_interval_crossing_an_hour_boundary_is_split_at_the_boundary()
    {
        var pieces = DisplayHours.Split(At(-10), At(5)).ToList();
        Assert.Equal([(Evening.AddHours(-1), TimeSpan.FromSeconds(10)), (Evening, TimeSpan.FromSeconds(5))], pieces);
        // Several hours: whole hours in the middle.
        var long_ = DisplayHours.Split(At(-1800), At(2 * 3600 + 60)).ToList();
        Assert.Equal([1800.0, 3600.0, 3600.0, 60.0], long_.Select(p => p.Duration.TotalSeconds));
        Assert.All(long_, p => Assert.True(DisplayHours.IsWholeHour(p.Hour)));
        Assert.Empty(DisplayHours.Split(At(5), At(5)));
        Assert.Empty(DisplayHours.Split(At(5), At(1)));
    }

    [Fact]
    public void Hours_are_UTC_hours_whatever_offset_the_instant_carries()
    {
        var shanghai = new DateTimeOffset(2026, 11, 22, 18, 30, 0, TimeSpan.FromHours(8));
        Assert.Equal(Evening, DisplayHours.HourOf(shanghai));
        Assert.Equal(TimeSpan.Zero, DisplayHours.HourOf(shanghai).Offset);
        // India is +05:30: its whole local hours are half past in UTC.
        Assert.False(DisplayHours.IsWholeHour(new DateTimeOffset(2026, 11, 22, 18, 0, 0, TimeSpan.FromMinutes(330))));
        Assert.Equal("2026-11-22T10:00:00Z", DisplayHours.Key(shanghai.AddMinutes(-30)));
    }

    [Fact]
    public void A_notice_counts_from_report_to_report_and_a_change_moves_the_time_to_the_new_notices()
    {
        var tally = new DisplayTally(Gap);
        Assert.Empty(tally.Report("page", ["water"], At(0)));
        var pieces = tally.Report("page", ["water"], At(10));
        pieces.AddRange(tally.Report("page", ["fee", "vote"], At(14)));
        pieces.AddRange(tally.Report("page", ["fee", "vote"], At(24)));
        Assert.Equal(14, Seconds(pieces, "water"));
        Assert.Equal(10, Seconds(pieces, "fee"));
        Assert.Equal(10, Seconds(pieces, "vote"));
    }

    [Fact]
    public void Time_across_an_hour_boundary_goes_to_both_hours()
    {
        var tally = new DisplayTally(Gap);
        tally.Report("page", ["water"], At(-6));
        var sums = Sum(tally.Report("page", ["water"], At(4)));
        Assert.Equal(6, sums[("water", Evening.AddHours(-1))]);
        Assert.Equal(4, sums[("water", Evening)]);
    }

    [Fact]
    public void A_page_that_stops_reporting_stops_counting_after_the_gap_and_a_long_gap_is_not_counted()
    {
        var tally = new DisplayTally(Gap);
        tally.Report("page", ["water"], At(0));
        // Closed or crashed: nothing arrives for an hour; at most the gap after its last report counts.
        var pieces = tally.Advance(At(5));
        pieces.AddRange(tally.Advance(At(3600)));
        Assert.Equal(Gap.TotalSeconds, Seconds(pieces, "water"));
        Assert.Equal(0, tally.Pages);
        Assert.Empty(tally.Advance(At(7200)));

        // Frozen for five minutes, then reporting again: the five minutes count only up to the gap.
        var frozen = new DisplayTally(Gap);
        frozen.Report("page", ["water"], At(0));
        var after = frozen.Report("page", ["water"], At(300));
        after.AddRange(frozen.Report("page", ["water"], At(310)));
        Assert.Equal(Gap.TotalSeconds + 10, Seconds(after, "water"));
    }

    [Fact]
    public void Nothing_counts_while_the_screen_is_off()
    {
        var tally = new DisplayTally(Gap);
        tally.Report("page", ["water"], At(0));
        var pieces = tally.SetScreenOff(true, At(5));
        pieces.AddRange(tally.Report("page", ["water"], At(10)));   // the page keeps reporting; the screen is dark
        pieces.AddRange(tally.Advance(At(15)));
        pieces.AddRange(tally.SetScreenOff(false, At(18)));
        pieces.AddRange(tally.Report("page", ["water"], At(20)));
        Assert.Equal(5 + 2, Seconds(pieces, "water"));
        Assert.False(tally.ScreenOff);
    }

    [Fact]
    public void Two_pages_showing_the_same_notice_count_it_once()
    {
        var tally = new DisplayTally(Gap);
        var pieces = tally.Report("screen", ["water", "fee"], At(0));
        pieces.AddRange(tally.Report("other", ["water"], At(2)));
        pieces.AddRange(tally.Report("screen", ["water", "fee"], At(10)));
        pieces.AddRange(tally.Report("other", ["vote"], At(12)));
        pieces.AddRange(tally.Report("screen", [], At(20)));
        pieces.AddRange(tally.Advance(At(100)));
        Assert.Equal(20, Seconds(pieces, "water"));
        Assert.Equal(20, Seconds(pieces, "fee"));
        // "other" reported vote at 12 and then fell silent: it counts until 12 + the gap.
        Assert.Equal(Gap.TotalSeconds, Seconds(pieces, "vote"));
    }

    [Fact]
    public void A_clock_that_goes_back_counts_nothing_and_does_not_keep_a_silent_page_alive()
    {
        var tally = new DisplayTally(Gap);
        tally.Report("page", ["water"], At(3600));
        Assert.Empty(tally.Report("page", ["water"], At(0)));      // an hour back
        var pieces = tally.Advance(At(10));
        pieces.AddRange(tally.Advance(At(1000)));
        Assert.Equal(Gap.TotalSeconds, Seconds(pieces, "water"));
        Assert.Equal(0, tally.Pages);
    }

    [Fact]
    public void Pages_beyond_the_limit_push_out_the_longest_silent_one()
    {
        var tally = new DisplayTally(TimeSpan.FromHours(1));
        for (var i = 0; i < DisplayTally.MaxPages + 3; i++)
        {
            tally.Report("page-" + i, ["water"], At(i));
        }
        Assert.Equal(DisplayTally.MaxPages, tally.Pages);
    }

    [Fact]
    public void A_summary_adds_the_seconds_and_spans_the_hours_shown()
    {
        var summary = DisplaySummary.Of([(Evening, 600), (Evening.AddHours(1), 0), (Evening.AddHours(2), 2220)]);
        Assert.Equal(2820, summary.TotalSeconds);
        Assert.Equal(47, DisplaySummary.Minutes(summary.TotalSeconds));
        Assert.Equal(Evening, summary.FirstShown);
        Assert.Equal(Evening.AddHours(3), summary.LastShown);
        Assert.False(DisplaySummary.Of([(Evening, 0)]).Shown);
    }

    private static DisplayRecord Record(string noticeId = "n-water", DateTimeOffset? hour = null, int seconds = 60) =>
        new() { NoticeId = noticeId, Hour = hour ?? Evening, Seconds = seconds };

    [Fact]
    public void A_good_upload_passes_the_rules()
    {
        var now = Evening.AddMinutes(30);
        Assert.Null(DisplayRules.Problem(new DisplayReport { Records = [Record(), Record("n-fee", Evening.AddHours(-5), 3600), Record(seconds: 0)] }, now));
        Assert.Null(DisplayRules.Problem(new DisplayReport { Records = [] }, now));
        // A kiosk clock a few hours fast is tolerated.
        Assert.Null(DisplayRules.Problem(new DisplayReport { Records = [Record(hour: Evening.AddHours(5))] }, now));
    }

    [Theory]
    [InlineData("", 0, 60, "noticeId")]
    [InlineData("has space", 0, 60, "noticeId")]
    [InlineData("-leading", 0, 60, "noticeId")]
    [InlineData("n-water", 30, 60, "start of a UTC hour")]
    [InlineData("n-water", 0, -1, "between 0 and 3600")]
    [InlineData("n-water", 0, 3601, "between 0 and 3600")]
    [InlineData("n-water", 60 * 48, 60, "future")]
    [InlineData("n-water", -60 * 24 * 401, 60, "older")]
    public void A_bad_record_is_refused_with_the_reason(string noticeId, int minutesFromEvening, int seconds, string reason)
    {
        var report = new DisplayReport { Records = [Record(), Record(noticeId, Evening.AddMinutes(minutesFromEvening), seconds)] };
        var problem = DisplayRules.Problem(report, Evening.AddMinutes(30));
        Assert.NotNull(problem);
        Assert.StartsWith("records[1]: ", problem);
        Assert.Contains(reason, problem);
    }

    [Fact]
    public void A_full_upload_with_the_longest_ids_fits_in_one_hub_message()
    {
        var options = new JsonSerializerOptions();
        SyncJson.Configure(options);
        var report = new DisplayReport
        {
            Records = Enumerable.Range(0, DisplayRules.MaxRecords).Select(i => Record(new string('n', 60) + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture), seconds: 3600)).ToList(),
        };
        Assert.All(report.Records, r => Assert.Null(DisplayRules.Problem(r, Evening)));
        // SignalR's default limit is 32 KB per message, the invocation's own fields included.
        var size = JsonSerializer.SerializeToUtf8Bytes(report, options).Length;
        Assert.True(size < 32 * 1024 - 256, $"a full upload is {size} bytes");
    }

    [Fact]
    public void An_upload_is_bounded_and_must_carry_records()
    {
        var tooMany = Enumerable.Range(0, DisplayRules.MaxRecords + 1).Select(i => Record("n-" + i)).ToList();
        Assert.Contains($"at most {DisplayRules.MaxRecords} records", DisplayRules.Problem(new DisplayReport { Records = tooMany }, Evening));
        Assert.Null(DisplayRules.Problem(new DisplayReport { Records = tooMany[..DisplayRules.MaxRecords] }, Evening));
        Assert.NotNull(DisplayRules.Problem((DisplayReport?)null, Evening));
        Assert.NotNull(DisplayRules.Problem(new DisplayReport { Records = null! }, Evening));
        Assert.NotNull(DisplayRules.Problem(new DisplayReport { Records = [null!] }, Evening));
    }
}
