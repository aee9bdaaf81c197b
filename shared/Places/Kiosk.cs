namespace SignageKiosk.Shared.Places;

/// <summary>A screen. It stands in a station; a lobby screen may also name the building it stands in.</summary>
public sealed record Kiosk
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string StationId { get; init; }
    /// <summary>Where the screen physically is, when more specific than its station's place (e.g. a building lobby).</summary>
    public string? PlaceId { get; init; }
}
