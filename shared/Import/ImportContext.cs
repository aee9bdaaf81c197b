using SignageKiosk.Shared.Duty;
using SignageKiosk.Shared.Places;
using SignageKiosk.Shared.Roster;

namespace SignageKiosk.Shared.Import;

/// <summary>
/// What an import is mapped against: the place it goes to, that place's buildings and units (a roster row
/// names them), and the records already there, so that a row describing one of them updates it instead of
/// adding a second copy (an exported sheet re-imports onto the same ids).
/// </summary>
public sealed record ImportContext
{
    /// <summary>The compound (or other place) every imported record targets.</summary>
    public required string TargetPlaceId { get; init; }

    /// <summary>Buildings under the target and the units under those buildings.</summary>
    public IReadOnlyList<Place> Places { get; init; } = [];

    public IReadOnlyList<Person> People { get; init; } = [];
    public IReadOnlyList<RosterEntry> Roster { get; init; } = [];
    public IReadOnlyList<DutyShift> DutyShifts { get; init; } = [];
}
