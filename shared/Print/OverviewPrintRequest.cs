using SignageKiosk.Shared.Board;

namespace SignageKiosk.Shared.Print;

/// <summary>What the printed overview of a compound shows: every building's roster as the board evaluates it.</summary>
public sealed record OverviewPrintRequest
{
    public required string CompoundName { get; init; }
    /// <summary>The places above the compound, e.g. "幸福里社区".</summary>
    public string? PlaceLine { get; init; }
    public string? StationName { get; init; }
    public required IReadOnlyList<BuildingRoster> Buildings { get; init; }
    public required DateOnly PrintedOn { get; init; }
}
