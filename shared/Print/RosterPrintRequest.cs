using SignageKiosk.Shared.Board;

namespace SignageKiosk.Shared.Print;

/// <summary>
/// What a printed 楼栋公示 shows: the building's roster exactly as the board evaluates it (<see cref="BoardView.Buildings"/>),
/// the places above it and the station for the heading and footer, and the date it was printed.
/// </summary>
public sealed record RosterPrintRequest
{
    public required BuildingRoster Building { get; init; }
    /// <summary>The places above the building, e.g. "阳光社区 · 幸福小区".</summary>
    public string? PlaceLine { get; init; }
    public string? StationName { get; init; }
    public required DateOnly PrintedOn { get; init; }
}
