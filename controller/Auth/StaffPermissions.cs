using SignageKiosk.Shared.Content;

namespace SignageKiosk.Controller.Auth;

/// <summary>Which staff role may edit which kind, and where. One rule set for every route.</summary>
public static class StaffPermissions
{
    private static readonly HashSet<string> PropertyKinds = [ContentKind.Hotline, ContentKind.DutyShift, ContentKind.EmergencySupply];
    private static readonly HashSet<string> StationKinds = [ContentKind.Notice, ContentKind.Activity];

    public static bool MayEdit(StaffRole role, string kind) => role switch
    {
        StaffRole.Admin => true,
        StaffRole.CommunityStaff => ContentKind.IsItemKind(kind),
        StaffRole.PropertyManager => PropertyKinds.Contains(kind),
        StaffRole.StationMaster => StationKinds.Contains(kind),
        _ => false,
    };

    /// <summary>True when a target whose place chain is <paramref name="targetChain"/> lies inside the user's scope.</summary>
    public static bool InScope(StaffRole role, string? scopePlaceId, IReadOnlyList<string> targetChain) =>
        role == StaffRole.Admin || (scopePlaceId is not null && targetChain.Contains(scopePlaceId, StringComparer.Ordinal));
}
