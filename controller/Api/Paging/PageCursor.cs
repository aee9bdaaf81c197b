using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace SignageKiosk.Controller.Api.Paging;

/// <summary>
/// The opaque cursor a list gives out for its next page. Today it carries a position (decision 0033); clients must
/// only pass it back, so a list can move to keyset cursors without changing its callers.
/// </summary>
public static class PageCursor
{
    private const string Prefix = "o1:";

    public static string Encode(int offset) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(Prefix + offset.ToString(CultureInfo.InvariantCulture)));

    public static int Decode(string cursor)
    {
        try
        {
            var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
            if (text.StartsWith(Prefix, StringComparison.Ordinal)
                && int.TryParse(text.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                return offset;
            }
        }
        catch (FormatException)
        {
        }
        throw ApiException.BadRequest("cursor 无效：请用上一页返回的 nextCursor (cursor is not one this list gave out; pass the previous page's nextCursor)", "cursor");
    }
}
