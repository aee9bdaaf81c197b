using System.Globalization;
using System.Text;

namespace SignageKiosk.Shared.Content;

/// <summary>
/// Text staff type or paste, made safe to show: the invisible characters that can turn text around or hide
/// it are dropped. A pasted U+202E (right-to-left override) would otherwise show "热线 12345" as "54321 线热"
/// on every board, preview, printout and QR code. One pure function, applied where text comes in and again
/// where the board renders it (items stored before this rule).
/// </summary>
public static class StaffText
{
    /// <summary>
    /// Removes bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), the bidi marks
    /// (U+200E, U+200F, U+061C), every other invisible format character (zero-width space, word joiner,
    /// invisible operators, BOM, interlinear annotations, tag characters) and control characters, except:
    /// line breaks (\r\n and \r become \n) and tabs; U+200D (zero-width joiner: emoji sequences such as
    /// 👨‍👩‍👧 need it); U+200C (needed by some scripts, reorders nothing); U+00AD (soft hyphen, a wrap hint).
    /// Variation selectors (U+FE0F…) are not format characters and stay. Lone surrogates are dropped.
    /// </summary>
    public static string Clean(string text)
    {
        if (IsClean(text))
        {
            return text;
        }
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                var rune = new Rune(c, text[i + 1]);
                if (Keep(rune))
                {
                    result.Append(c).Append(text[i + 1]);
                }
                i++;
                continue;
            }
            if (c == '\r')
            {
                result.Append('\n');
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }
                continue;
            }
            if (!char.IsSurrogate(c) && Keep(new Rune(c)))
            {
                result.Append(c);
            }
        }
        return result.ToString();
    }

    /// <summary>Null stays null (an absent optional field).</summary>
    public static string? CleanOrNull(string? text) => text is null ? null : Clean(text);

    /// <summary>True when <see cref="Clean"/> would change nothing (the common case, checked without allocating).</summary>
    public static bool IsClean(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                if (!Keep(new Rune(c, text[i + 1])))
                {
                    return false;
                }
                i++;
                continue;
            }
            if (c == '\r' || char.IsSurrogate(c) || !Keep(new Rune(c)))
            {
                return false;
            }
        }
        return true;
    }

    private static bool Keep(Rune rune)
    {
        switch (rune.Value)
        {
            case '\n' or '\t':
            case 0x200C or 0x200D:
            case 0x00AD:
                return true;
        }
        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.Format => false,
            UnicodeCategory.Control => false,
            UnicodeCategory.Surrogate => false,
            _ => true,
        };
    }
}
