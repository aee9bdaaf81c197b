using System.Globalization;
using SignageKiosk.Controller.Api;

namespace SignageKiosk.Controller.Content;

/// <summary>
/// What a content list is narrowed to besides its search term: one place's subtree (<c>placeId</c>) and a date range
/// (<c>from</c>/<c>to</c>, inclusive local dates; what the range is compared with depends on the kind, see
/// <see cref="ContentListSql"/>) and, for the kinds that have one, a state (<see cref="ContentListSql.State"/>).
/// </summary>
public sealed record ContentListFilter(string? PlaceId = null, DateOnly? From = null, DateOnly? To = null, string? State = null)
{
    public static readonly ContentListFilter None = new();

    /// <summary>From an API call's or a staff page's query values; a bad date is a 400 with a Chinese message.</summary>
    public static ContentListFilter Parse(string? placeId, string? from, string? to)
    {
        var start = ParseDate(from, "from");
        var end = ParseDate(to, "to");
        if (start > end)
        {
            throw ApiException.BadRequest("开始日期不能晚于结束日期 (from must not be after to)", "from");
        }
        return new(string.IsNullOrWhiteSpace(placeId) ? null : placeId.Trim(), start, end);
    }

    private static DateOnly? ParseDate(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? null
        : DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
        : throw ApiException.BadRequest($"{field} 须为日期，格式 yyyy-MM-dd ({field} must be a date like 2026-12-01)", field);
}
