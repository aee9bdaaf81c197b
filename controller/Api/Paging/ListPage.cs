namespace SignageKiosk.Controller.Api.Paging;

/// <summary>
/// What every list endpoint answers: this page's items, how many match in all, and the cursor of the next page
/// (null on the last page).
/// </summary>
public sealed record ListPage<T>(IReadOnlyList<T> Items, long Total, string? NextCursor, int Limit)
{
    public static ListPage<T> Of(IReadOnlyList<T> items, long total, ListQuery query) => new(items, total, query.NextCursor(total), query.Limit);

    /// <summary>Pages a list already in memory (the fleet, whose state is computed per kiosk).</summary>
    public static ListPage<T> Slice(IReadOnlyList<T> all, ListQuery query) =>
        Of([.. all.Skip(query.Offset).Take(query.Limit)], all.Count, query);

    public ListPage<TOut> Map<TOut>(Func<T, TOut> map) => new([.. Items.Select(map)], Total, NextCursor, Limit);
}
