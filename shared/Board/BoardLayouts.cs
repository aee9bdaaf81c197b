using System.Text.RegularExpressions;
using SignageKiosk.Shared.Content;

namespace SignageKiosk.Shared.Board;

/// <summary>The layouts shipped in content/layouts, embedded in this assembly so every board has them.</summary>
public static partial class BoardLayouts
{
    public static readonly IReadOnlyDictionary<string, BoardLayout> All = Load();

    public static BoardLayout Get(string? id) =>
        id is not null && All.TryGetValue(id, out var layout) ? layout : All[BoardLayout.Landscape];

    public static bool Exists(string? id) => id is not null && All.ContainsKey(id);

    /// <summary>Problems that make a layout unusable: missing zones, zones off the grid or on top of each other, unsafe track sizes.</summary>
    public static IReadOnlyList<string> Validate(BoardLayout layout)
    {
        var problems = new List<string>();
        foreach (var required in new[] { "header", "main", "side", "ticker" })
        {
            if (layout.Zone(required) is null)
            {
                problems.Add($"zone '{required}' is missing");
            }
        }
        foreach (var track in layout.Columns.Concat(layout.Rows))
        {
            if (!TrackPattern().IsMatch(track))
            {
                problems.Add($"track size '{track}' is not a plain px or fr value");
            }
        }
        var cells = new HashSet<(int, int)>();
        foreach (var zone in layout.Zones)
        {
            if (zone.Column < 1 || zone.Row < 1 || zone.Column + zone.ColumnSpan - 1 > layout.Columns.Count || zone.Row + zone.RowSpan - 1 > layout.Rows.Count)
            {
                problems.Add($"zone '{zone.Name}' lies outside the grid");
                continue;
            }
            for (var c = zone.Column; c < zone.Column + zone.ColumnSpan; c++)
            {
                for (var r = zone.Row; r < zone.Row + zone.RowSpan; r++)
                {
                    if (!cells.Add((c, r)))
                    {
                        problems.Add($"zone '{zone.Name}' overlaps another zone");
                    }
                }
            }
        }
        return problems;
    }

    [GeneratedRegex(@"^\d{1,4}(px|fr)$")]
    private static partial Regex TrackPattern();

    private static Dictionary<string, BoardLayout> Load()
    {
        var assembly = typeof(BoardLayouts).Assembly;
        var layouts = new Dictionary<string, BoardLayout>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("layouts/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            var layout = ContentJson.Deserialize<BoardLayout>(reader.ReadToEnd());
            layouts[layout.Id] = layout;
        }
        return layouts;
    }
}
