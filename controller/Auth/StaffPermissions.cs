using SignageKiosk.Shared.Content;

namespace SignageKiosk.Controller.Auth;

/// <summary>Which staff role may edit which kind, and where. One rule set for every route.</summary>
public static class StaffPermissions
{
    // Property managers keep their stewards (红领管家) on the roster: roster entries and people, item by item.
    private static readonly HashSet<string> PropertyKinds = [ContentKind.Hotline, ContentKind.DutyShift, ContentKind.EmergencySupply, ContentKind.RosterEntry, ContentKind.Person];
    private static readonly HashSet<string> StationKinds = [ContentKind.Notice, ContentKind.Activity];

    public static bool MayEdit(StaffRole role, string kind) => role switch
    {
        StaffRole.Admin => true,
        StaffRole.CommunityStaff => ContentKind.IsItemKind(kind),
        StaffRole.PropertyManager => PropertyKinds.Contains(kind),
        StaffRole.StationMaster => StationKinds.Contains(kind),
        _ => false,
    };

    /// <summary>
    /// The item-level rule on top of <see cref="MayEdit"/>: on the roster a property manager touches only
    /// red-steward entries. (Whether a person may be edited depends on their entries: see ContentStore.)
    /// </summary>
    public static bool MayEditItem(StaffRole role, ContentItem item) =>
        role != StaffRole.PropertyManager || item is not Shared.Roster.RosterEntry entry || entry.Role == Shared.Roster.RosterRole.RedSteward;

    /// <summary>
    /// Who may read and export a private phone number whole (in their scope): administrators and community staff.
    /// Property managers and station masters see the masked form, as a board shows it.
    /// </summary>
    public static bool MayReadPrivatePhones(StaffRole? role) => role is StaffRole.Admin or StaffRole.CommunityStaff;

    /// <summary>True when a target whose place chain is <paramref name="targetChain"/> lies inside the user's scope.</summary>
    public static bool InScope(StaffRole role, string? scopePlaceId, IReadOnlyList<string> targetChain) =>
        role == StaffRole.Admin || (scopePlaceId is not null && targetChain.Contains(scopePlaceId, StringComparer.Ordinal));
}
