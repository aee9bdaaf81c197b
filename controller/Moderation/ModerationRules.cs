using SignageKiosk.Controller.Auth;
using SignageKiosk.Shared.Content;

namespace SignageKiosk.Controller.Moderation;

/// <summary>
/// Who publishes directly and who waits (as Concerto does it): community staff and administrators publish
/// their own edits; a station master's notices, new or edited, wait for a community staff member.
/// </summary>
public static class ModerationRules
{
    public static bool NeedsReview(StaffRole role, string kind) => role == StaffRole.StationMaster && kind == ContentKind.Notice;

    public static bool MayReview(StaffRole role) => role is StaffRole.Admin or StaffRole.CommunityStaff;
}
