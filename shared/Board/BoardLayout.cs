namespace SignageKiosk.Shared.Board;

/// <summary>A screen layout as data (content/layouts/*.json): zones placed on a CSS grid.</summary>
public sealed record BoardLayout
{
    public const string Landscape = "landscape";
    public const string Portrait = "portrait";

    public required string Id { get; init; }
    public required string Name { get; init; }
    public int Width { get; init; }
    public int Height { get; init; }
    public IReadOnlyList<string> Columns { get; init; } = [];
    public IReadOnlyList<string> Rows { get; init; } = [];
    public IReadOnlyList<LayoutZone> Zones { get; init; } = [];

    public LayoutZone? Zone(string name) => Zones.FirstOrDefault(z => z.Name == name);
}

/// <summary>One zone: header (station, date, clock), main (home and panels), side (on duty, hotlines) or ticker.</summary>
public sealed record LayoutZone
{
    public required string Name { get; init; }
    public int Column { get; init; } = 1;
    public int Row { get; init; } = 1;
    public int ColumnSpan { get; init; } = 1;
    public int RowSpan { get; init; } = 1;
}
