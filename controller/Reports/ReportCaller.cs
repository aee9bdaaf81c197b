using System.Security.Claims;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Auth;

namespace SignageKiosk.Controller.Reports;

/// <summary>
/// A member of staff acting on the report queue, and the queue's rules of who may do what (docs/decisions/0029):
/// every staff role reads reports in its area; administrators and community staff assign; the assignee,
/// administrators and community staff change states and add notes; the reporter's phone is whole only for
/// administrators and the report's assignee.
/// </summary>
public sealed record ReportCaller(long? UserId, string Name, StaffRole Role, string? ScopePlaceId)
{
    public static ReportCaller From(ClaimsPrincipal user) =>
        new(user.UserId(), user.Actor(), user.StaffRole() ?? throw ApiException.Forbidden("只有工作人员可以处理居民反映"), user.ScopePlaceId());

    public bool MayRead(IReadOnlyList<string> buildingChain) => StaffPermissions.InScope(Role, ScopePlaceId, buildingChain);

    public bool MayAssign => Role is StaffRole.Admin or StaffRole.CommunityStaff;

    public bool MayHandle(long? assigneeUserId) => MayAssign || (UserId is not null && UserId == assigneeUserId);

    public bool SeesWholePhone(long? assigneeUserId) => Role == StaffRole.Admin || (UserId is not null && UserId == assigneeUserId);
}
