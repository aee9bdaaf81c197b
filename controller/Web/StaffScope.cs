using System.Security.Claims;
using SignageKiosk.Controller.Api.Paging;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Places;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Controller.Web;

/// <summary>What the signed-in staff member may touch: the same rules as the REST API, for building the pages.</summary>
public sealed class StaffScope(PlaceDirectory directory)
{
    /// <summary>
    /// What a new item's place picker starts on: the caller's scope place when a form may target its kind (a property
    /// manager's compound), else the one place of the outermost kind the form may target when there is just one (a
    /// single community); with several, nothing: the person chooses.
    /// </summary>
    public async Task<string?> DefaultTargetAsync(ClaimsPrincipal user, IReadOnlyCollection<PlaceKind> kinds, CancellationToken cancellationToken)
    {
        if (user.StaffRole() is not StaffRole.Admin && await directory.FindAsync(user, user.ScopePlaceId(), cancellationToken) is { } scope && kinds.Contains(scope.Kind))
        {
            return scope.Id;
        }
        foreach (var kind in kinds.Order())
        {
            var page = await directory.ListAsync<Place>("places", user, ListQuery.First(1), new StructureFilter([kind], null, null), cancellationToken);
            if (page.Total > 0)
            {
                return page.Total == 1 ? page.Items[0].Id : null;
            }
        }
        return null;
    }
}
