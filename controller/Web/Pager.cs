using SignageKiosk.Controller.Api.Paging;

namespace SignageKiosk.Controller.Web;

/// <summary>
/// The "共 N 条 · 上一页 / 下一页" line under a staff list. <paramref name="Link"/> makes this page's address
/// (with its search and filters) for another page number.
/// </summary>
public sealed record Pager(long Total, ListQuery Query, Func<int, string> Link)
{
    public int Page => Query.PageNumber;
    public int Pages => (int)Math.Max(1, (Total + Query.Limit - 1) / Query.Limit);
    public long FirstRow => Total == 0 ? 0 : Query.Offset + 1;
    public long LastRow => Math.Min(Total, Query.Offset + Query.Limit);
    public bool HasPrevious => Page > 1;
    public bool HasNext => Query.Offset + Query.Limit < Total;

    /// <summary>A page address with <c>page</c> set (and left out for the first page).</summary>
    public static string With(string path, IEnumerable<(string Name, string? Value)> query, int page)
    {
        var parts = query.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => p.Name + "=" + Uri.EscapeDataString(p.Value!)).ToList();
        if (page > 1)
        {
            parts.Add("page=" + page.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return parts.Count == 0 ? path : path + "?" + string.Join("&", parts);
    }
}
