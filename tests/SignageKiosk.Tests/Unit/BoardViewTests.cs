using SignageKiosk.Shared.Activities;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Duty;
using SignageKiosk.Shared.Media;
using SignageKiosk.Shared.Notices;
using SignageKiosk.Shared.Places;
using SignageKiosk.Shared.Roster;

namespace SignageKiosk.Tests.Unit;

public sealed class BoardViewTests
{
    private static readonly ItemTarget Here = ItemTarget.Place("compound-a");
    private static readonly Station Station = new() { Id = "s", Name = "丹桂苑红色驿站", PlaceId = "compound-a" };
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(8));

    private static Notice Notice(string id, NoticePriority priority = NoticePriority.Normal, DateTimeOffset? from = null, DateTimeOffset? to = null, MediaRef? image = null) =>
        new() { Id = id, Title = id, Target = Here, Priority = priority, ValidFrom = from, ValidTo = to, Image = image };

    private static BoardContent Content(params Notice[] notices) => new() { Stations = [Station], Notices = notices };

    [Fact]
    public void Notices_urgent_first_then_pinned_and_never_outside_their_window()
    {
        var view = BoardView.Evaluate(Content(
            Notice("normal", from: Now.AddDays(-1)),
            Notice("expired", NoticePriority.Urgent, to: Now.AddMinutes(-1)),
            Notice("future", NoticePriority.Urgent, from: Now.AddMinutes(1)),
            Notice("pinned", NoticePriority.Pinned),
            Notice("urgent", NoticePriority.Urgent, to: Now.AddHours(1))), Now);
        Assert.Equal(["urgent", "pinned", "normal"], view.Notices.Select(n => n.Id));
    }

    [Fact]
    public void A_notice_ends_exactly_at_its_end_and_that_moment_is_the_next_boundary()
    {
        var end = Now.AddMinutes(30);
        var content = Content(Notice("water", to: end));
        Assert.Single(BoardView.Evaluate(content, end.AddTicks(-1)).Notices);
        Assert.Empty(BoardView.Evaluate(content, end).Notices);
        Assert.Equal(end, BoardView.Evaluate(content, Now).NextBoundary);
    }

    [Fact]
    public void An_item_waits_for_its_media_to_be_verified()
    {
        var photo = new MediaRef { Sha256 = new string('a', 64), Size = 10, ContentType = "image/png" };
        var content = Content(Notice("poster", image: photo));
        Assert.Empty(BoardView.Evaluate(content, Now).Notices);
        Assert.Single(BoardView.Evaluate(content with { VerifiedMedia = new HashSet<string> { photo.Sha256 } }, Now).Notices);
    }

    [Fact]
    public void The_overnight_shift_is_on_duty_after_midnight_in_the_station_zone()
    {
        var night = new DutyShift { Id = "night", Target = Here, PersonName = "李明", Role = "夜班", Start = new DateTime(2026, 11, 23, 18, 0, 0), End = new DateTime(2026, 11, 24, 8, 0, 0) };
        var day = night with { Id = "day", Start = new DateTime(2026, 11, 24, 8, 0, 0), End = new DateTime(2026, 11, 24, 18, 0, 0) };
        var content = new BoardContent { Stations = [Station], DutyShifts = [night, day] };

        // 02:00 Shanghai is 18:00 UTC the day before.
        Assert.Equal(["night"], BoardView.Evaluate(content, new DateTimeOffset(2026, 11, 23, 18, 0, 0, TimeSpan.Zero)).OnDuty.Select(s => s.Id));
        Assert.Equal(["day"], BoardView.Evaluate(content, new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.FromHours(8))).OnDuty.Select(s => s.Id));
        Assert.Empty(BoardView.Evaluate(content, new DateTimeOffset(2026, 11, 24, 18, 0, 0, TimeSpan.FromHours(8))).OnDuty);
    }

    [Fact]
    public void Duty_is_evaluated_in_the_station_zone_across_a_DST_change()
    {
        var berlin = Station with { TimeZone = "Europe/Berlin" };
        // The night of 2026-10-24/25 is 25 hours long in Berlin: 02:59 CEST is followed by 02:00 CET.
        var night = new DutyShift { Id = "night", Target = Here, PersonName = "Anna", Role = "Nachtdienst", Start = new DateTime(2026, 10, 24, 20, 0, 0), End = new DateTime(2026, 10, 25, 8, 0, 0) };
        var content = new BoardContent { Stations = [berlin], DutyShifts = [night] };
        Assert.Single(BoardView.Evaluate(content, new DateTimeOffset(2026, 10, 25, 6, 30, 0, TimeSpan.Zero)).OnDuty);  // 07:30 CET
        Assert.Empty(BoardView.Evaluate(content, new DateTimeOffset(2026, 10, 25, 7, 0, 0, TimeSpan.Zero)).OnDuty);     // 08:00 CET
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 7, 0, 0, TimeSpan.Zero), BoardView.Evaluate(content, new DateTimeOffset(2026, 10, 25, 1, 0, 0, TimeSpan.Zero)).NextBoundary);
    }

    [Fact]
    public void A_weekly_activity_keeps_its_wall_clock_time_and_respects_its_end()
    {
        var cleanup = new Activity
        {
            Id = "cleanup", Target = Here, Title = "周六大扫除",
            Start = new DateTime(2026, 11, 7, 9, 0, 0), End = new DateTime(2026, 11, 7, 11, 0, 0),
            Recurrence = new Recurrence { Frequency = RecurrenceFrequency.Weekly, DaysOfWeek = [DayOfWeek.Saturday, DayOfWeek.Wednesday], Until = new DateOnly(2026, 12, 2) },
        };
        var occurrences = OccurrenceExpander.Expand(cleanup, new DateTime(2026, 11, 23), new DateTime(2026, 12, 31)).Select(o => o.Start).ToList();
        Assert.Equal([new DateTime(2026, 11, 25, 9, 0, 0), new DateTime(2026, 11, 28, 9, 0, 0), new DateTime(2026, 12, 2, 9, 0, 0)], occurrences);
    }

    [Fact]
    public void The_roster_counts_each_party_member_once_per_building()
    {
        var building = new Place { Id = "b1", Kind = PlaceKind.Building, Name = "1栋", ParentId = "compound-a" };
        var member = new Person { Id = "p1", Target = Here, Name = "张桂兰", Party = PartyMembership.Registered, Phone = "13800001234" };
        var other = new Person { Id = "p2", Target = Here, Name = "李强", Phone = "13800005678", PhonePublic = true };
        var content = new BoardContent
        {
            Stations = [Station], Places = [building], People = [member, other],
            Roster =
            [
                new RosterEntry { Id = "r1", Target = Here, PersonId = "p1", Role = RosterRole.BuildingHead, BuildingId = "b1" },
                new RosterEntry { Id = "r2", Target = Here, PersonId = "p1", Role = RosterRole.PartyHouseholdHead, BuildingId = "b1" },
                new RosterEntry { Id = "r3", Target = Here, PersonId = "p2", Role = RosterRole.RedSteward, BuildingId = "b1" },
            ],
        };
        var roster = Assert.Single(BoardView.Evaluate(content, Now).Buildings);
        Assert.Equal(1, roster.PartyMembers);
        Assert.Equal(3, roster.Entries.Count);
    }

    // A private number shows at most its last four digits, whatever its length (no longer the first three as well).
    [Theory]
    [InlineData("13812345678", false, "*******5678")]
    [InlineData("13812345678", true, "13812345678")]
    [InlineData("0536-8123456", false, "*******3456")]
    [InlineData("8123456", false, "***3456")]
    [InlineData("12345", false, "*2345")]
    [InlineData("1234", false, "****")]
    [InlineData("110", false, "***")]
    [InlineData("+86 138 1234 5678", false, "*********5678")]
    [InlineData("", false, "")]
    public void Phones_are_masked_unless_public(string phone, bool isPublic, string shown) =>
        Assert.Equal(shown, PhoneMask.Display(phone, isPublic));

    [Theory]
    [InlineData("13812345678")]
    [InlineData("8123456")]
    [InlineData("1234")]
    [InlineData("0536-8123456")]
    public void Masking_a_masked_number_changes_nothing(string phone)
    {
        var once = PhoneMask.Mask(phone);
        Assert.Equal(once, PhoneMask.Mask(once));
        Assert.True(once.Count(char.IsAsciiDigit) <= PhoneMask.ShownDigits);
        Assert.True(PhoneMask.IsMasked(once));
    }

    [Fact]
    public void A_person_with_a_private_number_is_passed_on_masked_and_a_public_one_whole()
    {
        var target = ItemTarget.Place("c");
        var hidden = new Person { Id = "p1", Name = "王芳", Phone = "13812345678", Target = target };
        var shown = new Person { Id = "p2", Name = "李明", Phone = "13987654321", PhonePublic = true, Target = target };
        Assert.Equal("*******5678", hidden.WithPrivatePhoneMasked().Phone);
        Assert.Same(shown, shown.WithPrivatePhoneMasked());
        Assert.Equal("王芳", hidden.WithPrivatePhoneMasked().Name);
    }
}
