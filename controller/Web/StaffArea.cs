using System.Security.Claims;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Cluster;
using SignageKiosk.Controller.Places;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Controller.Web;

/// <summary>
/// The signed-in staff member's area as the home page names it: its path in words (城区 / 街道 / 社区 / 小区), how many
/// places and screens it holds and how many screens are connected now. An administrator's area is the whole city.
/// A handful of SQL counts in the place store, whatever the size of the city.
/// </summary>
public sealed class StaffArea(StructureStore structure, KioskPresence presence)
{
    /// <summary>Null <paramref name="PlaceId"/>: the whole city. <paramref name="Path"/> is from the top down.</summary>
    public sealed record Summary(string? PlaceId, PlaceKind? Kind, IReadOnlyList<string> Path, IReadOnlyDictionary<PlaceKind, int> Places, int Kiosks, int Connected);

    public async Task<Summary> OfAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var scope = user.StaffRole() == StaffRole.Admin ? null : user.ScopePlaceId();
        if (scope is null)
        {
            return new Summary(null, null, [], await CountPlacesAsync(null, cancellationToken),
                await structure.KioskCountAsync(null, cancellationToken), await presence.CountAsync(null, cancellationToken));
        }
        var path = new List<string>();
        PlaceKind? kind = null;
        foreach (var (placeKind, name) in await structure.PathAsync(scope, cancellationToken))
        {
            kind = Enum.TryParse<PlaceKind>(placeKind, out var parsed) ? parsed : null;
            path.Add(name ?? "");
        }
        var kiosks = await structure.KioskCountAsync(scope, cancellationToken);
        var connected = await presence.CountAsync(scope, cancellationToken);
        return new Summary(scope, kind, path, await CountPlacesAsync(scope, cancellationToken), kiosks, connected);
    }

    private async Task<IReadOnlyDictionary<PlaceKind, int>> CountPlacesAsync(string? scope, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<PlaceKind, int>();
        foreach (var (placeKind, count) in await structure.PlaceCountsAsync(scope, cancellationToken))
        {
            if (Enum.TryParse<PlaceKind>(placeKind, out var kind))
            {
                counts[kind] = count;
            }
        }
        return counts;
    }
}
