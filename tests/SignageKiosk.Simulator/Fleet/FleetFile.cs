using System.Text.Json;

namespace SignageKiosk.Simulator.Fleet;

/// <summary>
/// The device credentials of a provisioned simulated fleet, kept beside the controller's database so that the
/// 10,000 kiosks are registered once and reused between runs. Test data only: these kiosks exist nowhere else.
/// </summary>
public sealed class FleetFile
{
    public const string FileName = "simulator-fleet.json";

    public int KiosksPerBuilding { get; set; }
    public int BuildingsPerCompound { get; set; }
    public int CompoundsPerCommunity { get; set; }
    public int ItemsPerCompound { get; set; }
    /// <summary>Compounds whose seed items exist.</summary>
    public int SeededCompounds { get; set; }
    public Dictionary<string, string> Credentials { get; set; } = new(StringComparer.Ordinal);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public bool Fits(FleetShape shape) =>
        KiosksPerBuilding == shape.KiosksPerBuilding && BuildingsPerCompound == shape.BuildingsPerCompound
        && CompoundsPerCommunity == shape.CompoundsPerCommunity && ItemsPerCompound == shape.ItemsPerCompound;

    public static FleetFile? Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        return File.Exists(path) ? JsonSerializer.Deserialize<FleetFile>(File.ReadAllText(path), Json) : null;
    }

    public void Save(string directory)
    {
        var path = Path.Combine(directory, FileName);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, Json));
        File.Move(temporary, path, overwrite: true);
    }
}
