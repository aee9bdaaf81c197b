using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Notices;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Tests.Unit;

public sealed class ContentTests
{
    [Fact]
    public void The_demo_package_loads_validates_and_has_the_promised_shape()
    {
        var package = ContentJson.Deserialize<ContentPackage>(File.ReadAllText(Support.Repo.DemoContent));
        var errors = package.Places.Cast<object>().Concat(package.Stations).Concat(package.Kiosks)
            .Concat(package.Items().Select(i => (object)i.Item))
            .SelectMany(ContentValidator.Validate).ToList();
        Assert.Empty(errors);
        Assert.Single(package.Places, p => p.Kind == PlaceKind.Community);
        Assert.Single(package.Places, p => p.Kind == PlaceKind.Compound);
        Assert.Equal(6, package.Places.Count(p => p.Kind == PlaceKind.Building));
        Assert.True(package.People.Count >= 25);
        Assert.Contains(package.People, p => p.Party != Shared.Roster.PartyMembership.None);
        Assert.True(package.Notices.Count >= 5);
        Assert.Contains(package.DutyShifts, d => d.End.Date > d.Start.Date);
        Assert.NotEmpty(package.Supplies);
    }

    [Fact]
    public void The_demo_moves_to_today_keeping_wall_clock_times()
    {
        var package = ContentJson.Deserialize<ContentPackage>(File.ReadAllText(Support.Repo.DemoContent));
        var today = package.AnchorDate!.Value.AddDays(10);
        var shifted = package.ShiftedTo(today);
        Assert.All(package.DutyShifts.Zip(shifted.DutyShifts), pair =>
        {
            Assert.Equal(pair.First.Start.AddDays(10), pair.Second.Start);
            Assert.Equal(pair.First.Start.TimeOfDay, pair.Second.Start.TimeOfDay);
        });
        Assert.All(package.Notices.Zip(shifted.Notices), pair => Assert.Equal(pair.First.ValidTo?.AddDays(10), pair.Second.ValidTo));
    }

    [Fact]
    public void Unknown_fields_are_refused()
    {
        var error = Assert.ThrowsAny<System.Text.Json.JsonException>(() =>
            ContentJson.DeserializeItem(ContentKind.Notice, """{"id":"n","title":"t","target":{"placeId":"c"},"colour":"red"}"""));
        Assert.Contains("colour", error.Message);
    }

    [Fact]
    public void Validation_names_the_field_that_is_wrong()
    {
        var notice = new Notice
        {
            Id = "bad id!", Title = "", Target = new ItemTarget(),
            ValidFrom = DateTimeOffset.UnixEpoch.AddDays(2), ValidTo = DateTimeOffset.UnixEpoch.AddDays(1),
        };
        var fields = ContentValidator.Validate(notice).Select(e => e.Field).ToList();
        Assert.Equal(["id", "target", "title", "validTo"], fields);
    }

    [Fact]
    public void Buildings_and_units_are_announced_to_their_compound()
    {
        var places = new Dictionary<string, Place>
        {
            ["c"] = new() { Id = "c", Kind = PlaceKind.Community, Name = "社区", ParentId = null },
            ["a"] = new() { Id = "a", Kind = PlaceKind.Compound, Name = "小区", ParentId = "c" },
            ["b"] = new() { Id = "b", Kind = PlaceKind.Building, Name = "1栋", ParentId = "a" },
            ["u"] = new() { Id = "u", Kind = PlaceKind.Unit, Name = "1单元", ParentId = "b" },
        };
        Place? Lookup(string id) => places.GetValueOrDefault(id);
        Assert.Equal("a", PlaceChain.SyncTargetOf(places["u"], Lookup));
        Assert.Equal("a", PlaceChain.SyncTargetOf(places["b"], Lookup));
        Assert.Equal("a", PlaceChain.SyncTargetOf(places["a"], Lookup));
        Assert.Equal(["u", "b", "a", "c"], PlaceChain.Ancestry("u", Lookup));
    }
}
