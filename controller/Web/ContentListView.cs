using System.Security.Claims;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Api.Paging;
using SignageKiosk.Controller.Content;
using SignageKiosk.Controller.Places;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Controller.Web;

/// <summary>
/// One page of a content list on a staff page (decision 0033): 50 rows, the search term, the place filter
/// (<c>?placeId=</c>) and what the pager and search box need to keep them. A place outside the caller's area shows
/// a message and no rows, as the API's 400 says.
/// </summary>
public sealed class ContentListView
{
    public required string Path { get; init; }
    public ListQuery Query { get; init; } = ListQuery.First();
    public string? PlaceId { get; init; }
    /// <summary>The filter place's name, when there is one and it may be seen.</summary>
    public string? PlaceName { get; private set; }
    /// <summary>More query values the page keeps across pages and searches (a state filter…).</summary>
    public IReadOnlyList<(string Name, string? Value)> Extra { get; init; } = [];
    public long Total { get; private set; }
    public string? Error { get; private set; }

    public IReadOnlyList<(string Name, string? Value)> Keep => [("placeId", PlaceId), .. Extra];

    public Pager Pager => new(Total, Query, page => Pager.With(Path, [("q", Query.Search), .. Keep], page));

    public ListSearch Search(string placeholder) => new(Query.Search, placeholder, Pager.With(Path, Keep, 1), Keep);

    /// <summary>This list without the place filter (and on its first page).</summary>
    public string WithoutPlace => Pager.With(Path, [("q", Query.Search), .. Extra], 1);

    /// <summary>Reads this page's rows in the display order the page always had.</summary>
    /// <param name="filter">A date range besides the place (a week); its place must be <see cref="PlaceId"/>.</param>
    public async Task<List<ContentStore.Stored>> LoadAsync(ContentStore content, StructureStore structure, string kind, ClaimsPrincipal user, CancellationToken cancellationToken,
        ContentListFilter? filter = null)
    {
        try
        {
            var page = await content.PageAsync(kind, user, Query, filter ?? new ContentListFilter(PlaceId), cancellationToken, ContentStore.ListOrder.Display);
            Total = page.Total;
            if (PlaceId is not null)
            {
                PlaceName = (await structure.GetAsync<Place>("places", PlaceId, cancellationToken))?.Name;
            }
            return [.. page.Items];
        }
        catch (ApiException e) when (e.Status == StatusCodes.Status400BadRequest)
        {
            Error = e.Message;
            return [];
        }
    }

    /// <summary>
    /// From the address's <c>page</c>, <c>q</c> and <c>placeId</c>, read from the query string itself: "page" is a
    /// route value of every Razor page, so a handler parameter of that name never sees the number. A form that fails
    /// to save posts to the same address and shows the same page again.
    /// </summary>
    public static ContentListView FromRequest(string path, HttpRequest request, params (string Name, string? Value)[] extra) =>
        For(path, PageOf(request), request.Query["q"], request.Query["placeId"], extra);

    /// <summary>As <see cref="FromRequest"/>, for a list filtered in memory that has no place filter.</summary>
    public static ContentListView FromRequestWithoutPlace(string path, HttpRequest request, params (string Name, string? Value)[] extra) =>
        For(path, PageOf(request), request.Query["q"], null, extra);

    private static int? PageOf(HttpRequest request) =>
        int.TryParse(request.Query["page"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var page) ? page : null;

    /// <summary>This page of a list already in memory (and its total).</summary>
    public List<T> Slice<T>(IReadOnlyList<T> all)
    {
        Total = all.Count;
        return [.. ListPage<T>.Slice(all, Query).Items];
    }

    /// <summary>Target place id → name for the rows shown (the rows carry their place's name; no need for every place).</summary>
    public static Dictionary<string, string> PlaceNames(IEnumerable<ContentStore.Stored> rows) =>
        rows.Where(r => r.Item.Target.PlaceId is not null && r.PlaceName is not null)
            .DistinctBy(r => r.Item.Target.PlaceId).ToDictionary(r => r.Item.Target.PlaceId!, r => r.PlaceName!, StringComparer.Ordinal);

    public static ContentListView For(string path, int? page, string? q, string? placeId, params (string Name, string? Value)[] extra) => new()
    {
        Path = path,
        Query = ListQuery.FromPage(page, q),
        PlaceId = string.IsNullOrWhiteSpace(placeId) ? null : placeId.Trim(),
        Extra = extra,
    };
}
