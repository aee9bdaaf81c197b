using System.Text;

namespace SignageKiosk.Shared.Import;

/// <summary>
/// A phone number as it is stored: full-width digits made plain, every kind of dash made "-", spaces taken
/// out. A mobile number ("139 0000 0001", "139-0000-0001") becomes its eleven digits; a landline keeps one
/// "-" between area code and number ("0536－8123456", "0536 8123456" → "0536-8123456").
/// </summary>
public static class ImportPhone
{
    public static string Normalize(string? typed)
    {
        var folded = ImportText.Fold(typed);
        var builder = new StringBuilder(folded.Length);
        var pendingSeparator = false;
        foreach (var c in folded)
        {
            if (char.IsWhiteSpace(c) || IsDash(c))
            {
                pendingSeparator = builder.Length > 0;
                continue;
            }
            if (pendingSeparator && char.IsAsciiDigit(c) && builder.Length > 0 && char.IsAsciiDigit(builder[^1]))
            {
                builder.Append('-');
            }
            pendingSeparator = false;
            builder.Append(c);
        }
        var text = builder.ToString();
        var digits = text.Replace("-", "", StringComparison.Ordinal);
        if (IsMobile(digits))
        {
            return digits;
        }
        // "+86 139 0000 0001": the country code stays, the mobile number is written whole.
        return digits.StartsWith("+86", StringComparison.Ordinal) && IsMobile(digits[3..]) ? "+86" + digits[3..] : text;
    }

    private static bool IsMobile(string digits) => digits.Length == 11 && digits[0] == '1' && digits.All(char.IsAsciiDigit);

    /// <summary>Hyphen, non-breaking hyphen, figure/en/em dashes, the minus sign, the small and full-width hyphen-minus.</summary>
    private static bool IsDash(char c) => c is '-' or '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212' or '\uFE63' or '\uFF0D';
}
