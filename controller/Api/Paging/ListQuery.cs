using System.Globalization;
using System.Text;

namespace SignageKiosk.Controller.Api.Paging;

/// <summary>
/// One page of a list as asked for: how many rows, from where (an opaque cursor from the previous page, or a page
/// number on the staff pages) and an optional search term. Every list endpoint and staff page reads it the same way
/// (decision 0033), so a bad value always gets the same clear 400.
/// </summary>
public sealed record ListQuery
{
    /// <summary>What a person reads at once; the API's default too.</summary>
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
    /// <summary>A search term longer than this is not a name or an id someone typed.</summary>
    public const int MaxSearchLength = 100;

    public int Limit { get; init; } = DefaultLimit;
    /// <summary>Rows to skip: where the cursor (or page number) points.</summary>
    public int Offset { get; init; }
    /// <summary>Trimmed, inner white space collapsed; null when nothing to search for.</summary>
    public string? Search { get; init; }

    public static ListQuery First(int limit = DefaultLimit) => new() { Limit = limit };

    /// <summary>From an API call's <c>limit</c>, <c>cursor</c> and <c>q</c>.</summary>
    public static ListQuery FromApi(int? limit, string? cursor, string? q) => new()
    {
        Limit = CheckLimit(limit),
        Offset = cursor is null ? 0 : PageCursor.Decode(cursor),
        Search = CleanSearch(q),
    };

    /// <summary>From a staff page's <c>page</c> (1-based) and <c>q</c>; a page number out of range shows the first page.</summary>
    public static ListQuery FromPage(int? page, string? q, int limit = DefaultLimit) => new()
    {
        Limit = limit,
        Offset = page is > 1 and <= 1_000_000 ? (page.Value - 1) * limit : 0,
        Search = CleanSearch(q, forPage: true),
    };

    /// <summary>The cursor of the page after this one, or null when <paramref name="total"/> rows end on this page.</summary>
    public string? NextCursor(long total) => Offset + Limit < total ? PageCursor.Encode(Offset + Limit) : null;

    /// <summary>1-based page number of this query on a staff page.</summary>
    public int PageNumber => Offset / Math.Max(1, Limit) + 1;

    /// <summary>
    /// The search term as a SQL LIKE pattern (escape character <c>\</c>), or null. Stores compare it as
    /// <c>lower(column) LIKE lower(@q)</c>: ignoring case on both back ends (SQLite's LIKE does, PostgreSQL's does not).
    /// </summary>
    public string? LikePattern => Search is null ? null : "%" + EscapeLike(Search) + "%";

    private static int CheckLimit(int? limit) => limit switch
    {
        null => DefaultLimit,
        >= 1 and <= MaxLimit => limit.Value,
        _ => throw ApiException.BadRequest(string.Create(CultureInfo.InvariantCulture, $"每页条数须在 1 到 {MaxLimit} 之间 (limit must be 1-{MaxLimit})"), "limit"),
    };

    private static string? CleanSearch(string? q, bool forPage = false)
    {
        if (string.IsNullOrWhiteSpace(q))
        {
            return null;
        }
        var builder = new StringBuilder(q.Length);
        var space = false;
        foreach (var c in q.Trim())
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = true;
                continue;
            }
            if (space && builder.Length > 0)
            {
                builder.Append(' ');
            }
            space = false;
            builder.Append(c);
        }
        if (builder.Length > MaxSearchLength)
        {
            if (forPage)
            {
                // A page shows what it can rather than an error for a pasted paragraph.
                return builder.ToString(0, MaxSearchLength);
            }
            throw ApiException.BadRequest($"搜索词最多 {MaxSearchLength} 个字符 (q is at most {MaxSearchLength} characters)", "q");
        }
        return builder.Length == 0 ? null : builder.ToString();
    }

    public static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);
}
