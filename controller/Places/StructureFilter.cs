using System.Globalization;
using SignageKiosk.Controller.Api;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Controller.Places;

/// <summary>
/// The filters of /api/places, /api/stations and /api/kiosks: places by <c>kind</c> (one or several, comma separated)
/// and <c>parentId</c> (direct children); stations and kiosks by <c>placeId</c> (anywhere in that place's subtree).
/// </summary>
public sealed record StructureFilter(IReadOnlyList<PlaceKind> Kinds, string? ParentId, string? PlaceId)
{
    public static readonly StructureFilter None = new([], null, null);

    public static IReadOnlyList<PlaceKind> ParseKinds(string? kind)
    {
        if (string.IsNullOrWhiteSpace(kind))
        {
            return [];
        }
        var kinds = new List<PlaceKind>();
        foreach (var part in kind.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<PlaceKind>(part, ignoreCase: true, out var parsed) || int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            {
                throw ApiException.BadRequest($"未知的地点类型 '{part}'：可用 {string.Join(", ", Enum.GetNames<PlaceKind>().Select(n => n.ToLowerInvariant()))} (unknown kind)", "kind");
            }
            kinds.Add(parsed);
        }
        return kinds.Distinct().ToList();
    }
}
