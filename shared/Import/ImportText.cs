using System.Text;
using System.Text.RegularExpressions;

namespace SignageKiosk.Shared.Import;

/// <summary>How typed text is tidied before it is read: spaces, full-width forms and invisible characters.</summary>
public static partial class ImportText
{
    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\([^)]*\)$")]
    private static partial Regex TrailingRemark();

    [GeneratedRegex(@"^(?<n>[0-9]+|[一二两三四五六七八九十]+)\s*(?:号楼|号|栋|幢|座|楼|单元)?$")]
    private static partial Regex NumberedName();

    /// <summary>
    /// Free text (a name, a place): trimmed, with zero-width characters and non-breaking spaces removed.
    /// Full-width punctuation is kept, since it is what Chinese text is written with.
    /// </summary>
    public static string Clean(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF')
            {
                continue;
            }
            builder.Append(c is '\u00A0' or '\u3000' ? ' ' : c);
        }
        return builder.ToString().Trim();
    }

    /// <summary>
    /// Text read as a value (a number, a time, a phone, a yes/no): full-width digits, letters, colons and
    /// spaces become their ASCII forms (NFKC), so "１３８：００" reads like "138:00".
    /// </summary>
    public static string Fold(string? value) => Clean(value).Normalize(NormalizationForm.FormKC).Trim();

    /// <summary>A header cell reduced to what identifies it: "  姓 名*（必填）：" becomes "姓名".</summary>
    public static string HeaderKey(string? header)
    {
        var key = Whitespace().Replace(Fold(header), "");
        key = key.Replace("*", "", StringComparison.Ordinal).TrimEnd(':');
        key = TrailingRemark().Replace(key, "").TrimEnd(':');
        return key.ToLowerInvariant();
    }

    /// <summary>Only the digits of a phone number, so "138-0536-1021" and "13805361021" are the same person.</summary>
    public static string PhoneKey(string? phone) => new(Fold(phone).Where(char.IsAsciiDigit).ToArray());

    /// <summary>
    /// The number in a building's or unit's name ("3栋", "3号楼", "三栋", "03" all give "3"), or null when
    /// the name is not simply numbered.
    /// </summary>
    public static string? NumberKey(string? name)
    {
        var match = NumberedName().Match(Whitespace().Replace(Fold(name), ""));
        if (!match.Success)
        {
            return null;
        }
        var digits = match.Groups["n"].Value;
        if (char.IsAsciiDigit(digits[0]))
        {
            var trimmed = digits.TrimStart('0');
            return trimmed.Length == 0 ? "0" : trimmed;
        }
        return ChineseNumber(digits)?.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>一 … 九十九, as building and unit names are sometimes written.</summary>
    private static int? ChineseNumber(string text)
    {
        const string Digits = "零一二三四五六七八九";
        static int Digit(char c) => c == '两' ? 2 : Digits.IndexOf(c, StringComparison.Ordinal);
        var ten = text.IndexOf('十', StringComparison.Ordinal);
        if (ten < 0)
        {
            return text.Length == 1 && Digit(text[0]) > 0 ? Digit(text[0]) : null;
        }
        if (text.Length > 3 || text.IndexOf('十', ten + 1) >= 0)
        {
            return null;
        }
        var tens = ten == 0 ? 1 : Digit(text[0]);
        var ones = ten == text.Length - 1 ? 0 : Digit(text[ten + 1]);
        return tens <= 0 || ones < 0 || (ten > 1) ? null : tens * 10 + ones;
    }
}
