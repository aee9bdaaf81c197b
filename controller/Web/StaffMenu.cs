using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Moderation;
using SignageKiosk.Shared.Content;

namespace SignageKiosk.Controller.Web;

/// <summary>
/// The staff menu, grouped by what people do (decision 0036): publish, keep the roster and duty, watch the screens,
/// answer residents, administer. A link shows only for a role whose page lets it in: each rule here is the one its
/// page checks (StaffPermissions.MayEdit, ModerationRules.MayReview, administrators only), so a shown link never
/// ends on the "not allowed" page.
/// </summary>
public static class StaffMenu
{
    public sealed record Link(string Path, string Zh, string En, Func<StaffRole, bool> Allows, string? Css = null);

    public sealed record Group(string Key, string Zh, string En, IReadOnlyList<Link> Links);

    private static Func<StaffRole, bool> Edits(string kind) => role => StaffPermissions.MayEdit(role, kind);
    private static bool Everyone(StaffRole role) => true;
    private static bool AdminOnly(StaffRole role) => role == StaffRole.Admin;

    public static readonly IReadOnlyList<Group> All =
    [
        new("publish", "发布", "Publish",
        [
            new("/admin/broadcasts", "紧急通知", "Emergency", Edits(ContentKind.EmergencyBroadcast), "nav-emergency"),
            new("/admin/notices", "通知公告", "Notices", Edits(ContentKind.Notice)),
            new("/admin/activities", "活动安排", "Activities", Edits(ContentKind.Activity)),
            new("/admin/wishes", "微心愿", "Wishes", Edits(ContentKind.MicroWish)),
            new("/admin/review", "审核", "Review", ModerationRules.MayReview),
        ]),
        new("roster", "名册与值班", "Roster and duty",
        [
            // The roster page needs both people and entries (Roster/Index: MayEditRoster).
            new("/admin/roster", "楼栋公示", "Roster", role => StaffPermissions.MayEdit(role, ContentKind.RosterEntry) && StaffPermissions.MayEdit(role, ContentKind.Person)),
            new("/admin/duty", "值班安排", "Duty roster", Edits(ContentKind.DutyShift)),
            new("/admin/hotlines", "服务热线", "Hotlines", Edits(ContentKind.Hotline)),
            new("/admin/supplies", "应急物资", "Supplies", Edits(ContentKind.EmergencySupply)),
            new("/admin/holidays", "节假日", "Holidays", Edits(ContentKind.Holiday)),
            // Every role may open it and export its area; the rows it may write are checked row by row.
            new("/admin/import", "导入导出", "Import / export", Everyone),
        ]),
        new("screens", "屏幕", "Screens",
        [
            new("/admin/fleet", "屏幕状态", "Fleet", Everyone),
            new("/admin/preview", "预览", "Preview", Everyone),
            new("/admin/proof", "播放记录", "Proof of display", Everyone),
            new("/admin/updates", "程序更新", "Updates", AdminOnly),
        ]),
        new("residents", "居民", "Residents",
        [
            new("/admin/reports", "居民反映", "Reports", Everyone),
        ]),
        new("admin", "管理", "Administer",
        [
            new("/admin/places", "地点", "Places", AdminOnly),
            new("/admin/users", "账号", "Users", AdminOnly),
            new("/admin/audit", "操作记录", "Audit log", AdminOnly),
        ]),
    ];

    /// <summary>The groups and links this role may use; a group with nothing left is not shown.</summary>
    public static IReadOnlyList<Group> For(StaffRole role) =>
        [.. All.Select(g => g with { Links = [.. g.Links.Where(l => l.Allows(role))] }).Where(g => g.Links.Count > 0)];

    /// <summary>True when <paramref name="path"/> is this link's page or under it (/admin/notices/edit is under notices).</summary>
    public static bool IsCurrent(Link link, string? path) =>
        path is not null && (path.Equals(link.Path, StringComparison.OrdinalIgnoreCase) || path.StartsWith(link.Path + "/", StringComparison.OrdinalIgnoreCase));
}
