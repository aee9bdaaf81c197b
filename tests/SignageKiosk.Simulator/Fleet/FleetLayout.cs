using System.Globalization;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Simulator.Fleet;

/// <summary>
/// The places, stations and kiosks of a simulated city, with stable ids, so that a controller data directory
/// provisioned once for 10,000 kiosks serves every smaller run too (a run of N uses the first N kiosks).
/// </summary>
public sealed class FleetLayout
{
    public const string DistrictId = "sim-district";
    public const string StreetId = "sim-street";

    public sealed record KioskPlan(Shared.Places.Kiosk Kiosk, string BuildingId, string CompoundId, string CommunityId);

    private FleetLayout(FleetShape shape, List<Place> places, List<Station> stations, List<KioskPlan> kiosks)
    {
        Shape = shape;
        Places = places;
        Stations = stations;
        Kiosks = kiosks;
    }

    public FleetShape Shape { get; }
    /// <summary>Parents before children, so they can be created in this order.</summary>
    public IReadOnlyList<Place> Places { get; }
    public IReadOnlyList<Station> Stations { get; }
    public IReadOnlyList<KioskPlan> Kiosks { get; }

    public IEnumerable<string> CompoundIds => Places.Where(p => p.Kind == PlaceKind.Compound).Select(p => p.Id);

    public static FleetLayout Build(FleetShape shape)
    {
        shape = shape.Validated();
        var places = new List<Place>
        {
            new() { Id = DistrictId, Kind = PlaceKind.District, Name = "模拟区" },
            new() { Id = StreetId, Kind = PlaceKind.Street, Name = "模拟街道", ParentId = DistrictId },
        };
        var stations = new List<Station>();
        var kiosks = new List<KioskPlan>(shape.Kiosks);
        var buildings = Ceiling(shape.Kiosks, shape.KiosksPerBuilding);
        var compounds = Ceiling(buildings, shape.BuildingsPerCompound);
        var communities = Ceiling(compounds, shape.CompoundsPerCommunity);
        for (var c = 0; c < communities; c++)
        {
            var communityId = Id("sim-c", c);
            places.Add(new Place { Id = communityId, Kind = PlaceKind.Community, Name = $"模拟社区{c + 1}", ParentId = StreetId, Order = c });
        }
        for (var y = 0; y < compounds; y++)
        {
            var communityId = Id("sim-c", y / shape.CompoundsPerCommunity);
            var compoundId = Id("sim-y", y);
            places.Add(new Place { Id = compoundId, Kind = PlaceKind.Compound, Name = $"模拟小区{y + 1}", ParentId = communityId, Order = y % shape.CompoundsPerCommunity });
            stations.Add(new Station { Id = Id("sim-st", y), Name = $"模拟小区{y + 1}驿站", PlaceId = compoundId });
        }
        for (var b = 0; b < buildings; b++)
        {
            var y = b / shape.BuildingsPerCompound;
            places.Add(new Place { Id = BuildingId(b), Kind = PlaceKind.Building, Name = $"{b % shape.BuildingsPerCompound + 1}栋", ParentId = Id("sim-y", y), Order = b % shape.BuildingsPerCompound });
        }
        for (var k = 0; k < shape.Kiosks; k++)
        {
            var b = k / shape.KiosksPerBuilding;
            var y = b / shape.BuildingsPerCompound;
            var kiosk = new Shared.Places.Kiosk { Id = KioskId(k), Name = $"模拟屏{k + 1}", StationId = Id("sim-st", y), PlaceId = BuildingId(b) };
            kiosks.Add(new KioskPlan(kiosk, BuildingId(b), Id("sim-y", y), Id("sim-c", y / shape.CompoundsPerCommunity)));
        }
        return new FleetLayout(shape, places, stations, kiosks);
    }

    public static string KioskId(int index) => Id("sim-k", index);
    public static string BuildingId(int index) => Id("sim-b", index);

    private static string Id(string prefix, int index) => prefix + index.ToString("D5", CultureInfo.InvariantCulture);

    private static int Ceiling(int a, int b) => (a + b - 1) / b;
}
