using System.Security.Claims;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Places;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Controller.Web;

/// <summary>What the signed-in staff member may touch: the same rules as the REST API, for building the pages.</summary>
public sealed class StaffScope(StructureStore structure)
{
    public async Task<List<(Place Place, string Path)>> TargetPlacesAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var places = await structure.ListAsync<Place>("places", cancellationToken);
        var byId = places.ToDictionary(p => p.Id);
        var role = user.StaffRole() ?? StaffRole.StationMaster;
        var result = new List<(Place, string)>();
        foreach (var place in places.Where(p => p.Kind is PlaceKind.Community or PlaceKind.Compound or PlaceKind.Building))
        {
            var chain = PlaceChain.Ancestry(place.Id, id => byId.GetValueOrDefault(id));
            if (StaffPermissions.InScope(role, user.ScopePlaceId(), chain))
            {
                result.Add((place, string.Join(" / ", chain.Reverse().Select(id => byId[id].Name).Skip(Math.Max(0, chain.Count - 3)))));
            }
        }
        return result.OrderBy(r => r.Item2, StringComparer.Ordinal).ToList();
    }
}
