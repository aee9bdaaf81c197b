using System.Security.Claims;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Controller.Print;

/// <summary>Who may print a place's sheet: staff, and only within their area (the same rule as reading what it shows).</summary>
public static class PrintScope
{
    /// <summary>The caller's staff role; anyone else is refused.</summary>
    public static StaffRole Role(ClaimsPrincipal caller) => caller.StaffRole() ?? throw ApiException.Forbidden("只有工作人员可以打印");

    /// <summary>Whether <paramref name="place"/> lies in the caller's area.</summary>
    public static bool Covers(ClaimsPrincipal caller, StaffRole role, Place place, IReadOnlyDictionary<string, Place> byId) =>
        StaffPermissions.InScope(role, caller.ScopePlaceId(), PlaceChain.Ancestry(place.Id, id => byId.GetValueOrDefault(id)));
}
