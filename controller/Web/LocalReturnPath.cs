using System.Text;

namespace SignageKiosk.Controller.Web;

/// <summary>
/// Where a page may send the browser back to after a switch (the language links): a path on this site, or /admin.
/// The same test as ASP.NET Core's IsLocalUrl (a '/' not followed by '/' or '\', no control characters), applied
/// to the decoded value, so "/%5Cevil.com" (which browsers read as //evil.com) is refused rather than crashing
/// LocalRedirect; characters outside ASCII are percent-encoded, since a Location header must be ASCII.
/// </summary>
public static class LocalReturnPath
{
    public const string Fallback = "/admin";

    public static string Or(string? back, string fallback = Fallback)
    {
        if (back is not { Length: > 0 } || back[0] != '/')
        {
            return fallback;
        }
        if (back.Length > 1 && (back[1] == '/' || back[1] == '\\'))
        {
            return fallback;
        }
        if (back.Length > 2048 || back.Any(c => char.IsControl(c) || c == '\\'))
        {
            return fallback;
        }
        if (back.All(char.IsAscii))
        {
            return back;
        }
        var encoded = new StringBuilder(back.Length * 3);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in back.EnumerateRunes())
        {
            if (rune.IsAscii)
            {
                encoded.Append((char)rune.Value);
                continue;
            }
            var length = rune.EncodeToUtf8(bytes);
            foreach (var b in bytes[..length])
            {
                encoded.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return encoded.ToString();
    }
}
