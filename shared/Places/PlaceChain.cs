namespace SignageKiosk.Shared.Places;

/// <summary>
/// Resolves the chain of places a kiosk belongs to. A kiosk sees everything targeted at any place of
/// its chain (its own place and every ancestor) or at itself.
/// </summary>
public static class PlaceChain
{
    /// <summary>Walks from <paramref name="placeId"/> up to the root. Stops on a cycle or a missing parent.</summary>
    public static IReadOnlyList<string> Ancestry(string placeId, Func<string, Place?> lookup)
    {
        var chain = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var current = lookup(placeId); current is not null && seen.Add(current.Id); current = current.ParentId is null ? null : lookup(current.ParentId))
        {
            chain.Add(current.Id);
        }
        return chain;
    }

    /// <summary>
    /// The place a change to a place record is sent to. Buildings and units are announced to their compound
    /// so that a compound station's board knows every building and unit under it; higher levels to themselves.
    /// </summary>
    public static string SyncTargetOf(Place place, Func<string, Place?> lookup)
    {
        if (place.Kind < PlaceKind.Building)
        {
            return place.Id;
        }
        var parentId = place.ParentId;
        while (parentId is not null)
        {
            var parent = lookup(parentId);
            if (parent is null)
            {
                break;
            }
            if (parent.Kind < PlaceKind.Building)
            {
                return parent.Id;
            }
            parentId = parent.ParentId;
        }
        return place.ParentId ?? place.Id;
    }
}
