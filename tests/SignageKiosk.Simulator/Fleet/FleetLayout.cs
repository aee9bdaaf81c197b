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
            new() { Id = DistrictId, Kind = PlaceKind.District, Name = "城南区" },
            new() { Id = StreetId, Kind = PlaceKind.Street, Name = "幸福路街道", ParentId = DistrictId },
        };
        var stations = new List<Station>();
        var kiosks = new List<KioskPlan>(shape.Kiosks);
        var buildings = Ceiling(shape.Kiosks, shape.KiosksPerBuilding);
        var compounds = Ceiling(buildings, shape.BuildingsPerCompound);
        var communities = Ceiling(compounds, shape.CompoundsPerCommunity);
        for (var c = 0; c < communities; c++)
        {
            var communityId = Id("sim-c", c);
            places.Add(new Place { Id = communityId, Kind = PlaceKind.Community, Name = CommunityName(c), ParentId = StreetId, Order = c });
        }
        for (var y = 0; y < compounds; y++)
        {
            var communityId = Id("sim-c", y / shape.CompoundsPerCommunity);
            var compoundId = Id("sim-y", y);
            places.Add(new Place { Id = compoundId, Kind = PlaceKind.Compound, Name = CompoundName(y), ParentId = communityId, Order = y % shape.CompoundsPerCommunity });
            stations.Add(new Station { Id = Id("sim-st", y), Name = CompoundName(y) + "红色驿站", PlaceId = compoundId });
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
            var kiosk = new Shared.Places.Kiosk
            {
                Id = KioskId(k),
                Name = $"{CompoundName(y)}{b % shape.BuildingsPerCompound + 1}栋大堂屏{k % shape.KiosksPerBuilding + 1}",
                StationId = Id("sim-st", y),
                PlaceId = BuildingId(b),
            };
            kiosks.Add(new KioskPlan(kiosk, BuildingId(b), Id("sim-y", y), Id("sim-c", y / shape.CompoundsPerCommunity)));
        }
        return new FleetLayout(shape, places, stations, kiosks);
    }

    public static string KioskId(int index) => Id("sim-k", index);

    // Names as staff see them in a real city, so that searching "丹桂苑" or "3栋" in the staff pages means something:
    // every compound name is unique (stem + kind, then a phase), and the first compound is 丹桂苑 of 幸福里社区.
    private static readonly string[] Stems =
    [
        "丹桂", "银杏", "香樟", "玉兰", "海棠", "紫薇", "翠竹", "金桂", "碧桃", "芙蓉", "梧桐", "青松", "红枫", "白鹭", "锦绣",
        "春晖", "和平", "幸福", "阳光", "明珠", "东湖", "西湖", "南湖", "北辰", "凤凰",
    ];
    private static readonly string[] CompoundKinds = ["苑", "园", "花园", "家园"];
    private static readonly string[] Phases = ["", "二期", "三期", "四期", "五期", "六期", "七期", "八期", "九期", "十期"];
    private static readonly string[] CommunityStems =
    [
        "幸福里", "光明", "新华", "人民路", "建设", "文化", "解放", "胜利", "长江", "黄河", "迎宾", "朝阳", "向阳", "育才", "工农",
        "前进", "团结", "友谊", "东风", "红旗", "公园", "车站", "健康", "北关", "南关",
    ];

    public static string CompoundName(int index)
    {
        var perRound = Stems.Length * CompoundKinds.Length;
        var round = index / perRound;
        var within = index % perRound;
        var phase = round < Phases.Length ? Phases[round] : (round + 1).ToString(CultureInfo.InvariantCulture) + "期";
        return Stems[within % Stems.Length] + CompoundKinds[within / Stems.Length] + phase;
    }

    public static string CommunityName(int index) =>
        CommunityStems[index % CommunityStems.Length] + (index < CommunityStems.Length ? "" : (index / CommunityStems.Length + 1).ToString(CultureInfo.InvariantCulture)) + "社区";
    public static string BuildingId(int index) => Id("sim-b", index);

    private static string Id(string prefix, int index) => prefix + index.ToString("D5", CultureInfo.InvariantCulture);

    private static int Ceiling(int a, int b) => (a + b - 1) / b;
}
