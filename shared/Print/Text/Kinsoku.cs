using System.Globalization;
using System.Text;

namespace SignageKiosk.Shared.Print.Text;

/// <summary>
/// Where a line may break, by the usual rules for Chinese (避头尾, kinsoku): closing punctuation never starts
/// a line, opening punctuation never ends one; between ideographs a line may break anywhere; Latin words
/// and numbers break only at spaces.
/// </summary>
public static class Kinsoku
{
    /// <summary>Never at the start of a line.</summary>
    public const string NoLineStart = "、。，．！？）」』】》〉〕］｝〗〙〛：；…‥·・ー々〻ゝゞヽヾ～％‰℃°’”,.!?)]}:;%";

    /// <summary>Never at the end of a line.</summary>
    public const string NoLineEnd = "（「『【《〈〔［｛〖〘〚‘“([{￥$＄";

    /// <summary>How a grapheme cluster takes part in breaking.</summary>
    public enum ClusterClass
    {
        /// <summary>A space: a break after it; it hangs at a line's end.</summary>
        Space,
        /// <summary>Ideographs, kana, hangul, full-width forms and emoji: a break on either side.</summary>
        Ideographic,
        /// <summary>Latin, digits and the rest: no break inside a run of these.</summary>
        Word,
    }

    public static ClusterClass Classify(string cluster)
    {
        var rune = Rune.GetRuneAt(cluster, 0);
        if (Rune.IsWhiteSpace(rune) && rune.Value != 0x00A0 && rune.Value != 0x202F)
        {
            return ClusterClass.Space;
        }
        return IsIdeographic(rune.Value) || IsEmoji(cluster) ? ClusterClass.Ideographic : ClusterClass.Word;
    }

    /// <summary>True when a line may break between two neighbouring clusters.</summary>
    public static bool CanBreakBetween(string before, string after)
    {
        var a = Classify(before);
        var b = Classify(after);
        if (b == ClusterClass.Space)
        {
            return false; // spaces stay on the line they follow, where they hang
        }
        if (IsOne(after, NoLineStart) || IsOne(before, NoLineEnd))
        {
            return false;
        }
        return a == ClusterClass.Space || a == ClusterClass.Ideographic || b == ClusterClass.Ideographic;
    }

    /// <summary>Emoji: an emoji-range code point, or any cluster carrying VS16 or a ZWJ.</summary>
    public static bool IsEmoji(string cluster)
    {
        if (cluster.Contains('\uFE0F') || cluster.Contains('\u200D'))
        {
            return true;
        }
        var value = Rune.GetRuneAt(cluster, 0).Value;
        return value is >= 0x1F000 and <= 0x1FAFF or >= 0x2600 and <= 0x27BF;
    }

    private static bool IsOne(string cluster, string set) =>
        cluster.Length == 1 && set.Contains(cluster[0], StringComparison.Ordinal);

    private static bool IsIdeographic(int c) =>
        c is >= 0x2E80 and <= 0x9FFF      // CJK radicals, punctuation, kana, CJK unified ideographs (and ext. A)
        or >= 0xAC00 and <= 0xD7AF        // hangul
        or >= 0xF900 and <= 0xFAFF        // compatibility ideographs
        or >= 0xFE30 and <= 0xFE4F        // CJK compatibility forms
        or >= 0xFF00 and <= 0xFFEF        // full-width forms
        or >= 0x20000 and <= 0x3FFFF;     // ideographs beyond the BMP (surrogate pairs)

    /// <summary>The text's grapheme clusters (an emoji ZWJ sequence, a flag, a surrogate pair: one each).</summary>
    public static List<string> Clusters(string text)
    {
        var clusters = new List<string>(text.Length);
        var e = StringInfo.GetTextElementEnumerator(text);
        while (e.MoveNext())
        {
            clusters.Add(e.GetTextElement());
        }
        return clusters;
    }
}
