using System.Globalization;
using SignageKiosk.Shared.Places;
using SignageKiosk.Shared.Reports;

namespace SignageKiosk.Shared.Board;

/// <summary>A building a resident may report about at this board, with its units (possibly none).</summary>
public sealed record ReportBuildingChoice(Place Building, IReadOnlyList<Place> Units);

/// <summary>
/// What the board's 我要反映 screens offer: the buildings at or under the kiosk's own place (the controller refuses any
/// other), and this month's figures of the kiosk's compound. Pure: from the cache's content only.
/// </summary>
public sealed record ReportChoices
{
    public IReadOnlyList<ReportBuildingChoice> Buildings { get; init; } = [];
    /// <summary>The latest figures of the kiosk's compound, if the controller has sent any.</summary>
    public ReportFigures? Figures { get; init; }
    /// <summary>The figures are for the current station-local month (else they are an older month's, shown with its name).</summary>
    public bool FiguresThisMonth { get; init; }

    public static readonly ReportChoices None = new();

    /// <summary>The kiosk's own place: its own (a building lobby) when set, else its station's.</summary>
    public static string? OwnPlaceId(BoardContent content) => content.Kiosk?.PlaceId ?? content.Station?.PlaceId;

    public static ReportChoices From(BoardContent content, DateTime localNow)
    {
        var own = OwnPlaceId(content);
        if (own is null)
        {
            return None;
        }
        var byId = content.Places.GroupBy(p => p.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var buildings = content.Places
            .Where(p => p.Kind == PlaceKind.Building && IsAtOrUnder(p, own, byId))
            .DistinctBy(p => p.Id)
            .OrderBy(p => p.Order).ThenBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Id, StringComparer.Ordinal)
            .Select(b => new ReportBuildingChoice(b, content.Places
                .Where(u => u.Kind == PlaceKind.Unit && u.ParentId == b.Id)
                .DistinctBy(u => u.Id)
                .OrderBy(u => u.Order).ThenBy(u => u.Name, StringComparer.Ordinal)
                .ToList()))
            .ToList();
        var compound = CompoundOf(own, byId);
        var figures = compound is null ? null : content.ReportFigures.FirstOrDefault(f => f.Id == "report-figures:" + compound);
        return new ReportChoices
        {
            Buildings = buildings,
            Figures = figures,
            FiguresThisMonth = figures is not null && figures.Month == localNow.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The compound the place is in (or is); null above a compound or when the chain is not in the cache.</summary>
    public static string? CompoundOf(string placeId, IReadOnlyDictionary<string, Place> byId)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var id = placeId; id is not null && seen.Add(id) && byId.TryGetValue(id, out var place); id = place.ParentId)
        {
            if (place.Kind == PlaceKind.Compound)
            {
                return place.Id;
            }
        }
        return null;
    }

    private static bool IsAtOrUnder(Place place, string ancestorId, IReadOnlyDictionary<string, Place> byId)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (Place? current = place; current is not null && seen.Add(current.Id); current = current.ParentId is { } parent ? byId.GetValueOrDefault(parent) : null)
        {
            if (current.Id == ancestorId)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Share as a whole percentage ("93%"); null when there is nothing to divide by.</summary>
    public static string? Percent(int part, int whole) =>
        whole <= 0 ? null : Math.Round(100.0 * part / whole, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture) + "%";

    /// <summary>Days with at most one decimal ("2.5", "3").</summary>
    public static string Days(double days) => Math.Round(days, 1, MidpointRounding.AwayFromZero).ToString("0.#", CultureInfo.InvariantCulture);
}
