using SignageKiosk.Shared.Content;

namespace SignageKiosk.Shared.Roster;

/// <summary>
/// One responsibility on the building roster (楼栋公示): a person, a role, a building and optionally a unit.
/// A Party member covering several buildings (包栋联户) has one entry per building.
/// </summary>
public sealed record RosterEntry : ContentItem
{
    public required string PersonId { get; init; }
    public required RosterRole Role { get; init; }
    public required string BuildingId { get; init; }
    public string? UnitId { get; init; }
    /// <summary>Households this person keeps in touch with (联户), if counted.</summary>
    public int? Households { get; init; }
}
