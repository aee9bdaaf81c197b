namespace SignageKiosk.Shared.Print.Text;

/// <summary>A stretch of a line drawn with one typeface.</summary>
public sealed record FontRun<TFace>(string Text, TFace Face);

/// <summary>
/// Splits text into runs by which typeface has its glyphs (font fallback per character): the face is chosen per
/// grapheme cluster by <c>faceFor</c>, and neighbouring clusters with the same face join one run.
/// </summary>
public static class FontRuns
{
    public static IReadOnlyList<FontRun<TFace>> Split<TFace>(string text, Func<string, TFace> faceFor) where TFace : notnull
    {
        var runs = new List<FontRun<TFace>>();
        var current = new System.Text.StringBuilder();
        TFace? face = default;
        foreach (var cluster in Kinsoku.Clusters(text))
        {
            var next = faceFor(cluster);
            if (current.Length > 0 && !EqualityComparer<TFace>.Default.Equals(next, face))
            {
                runs.Add(new FontRun<TFace>(current.ToString(), face!));
                current.Clear();
            }
            face = next;
            current.Append(cluster);
        }
        if (current.Length > 0)
        {
            runs.Add(new FontRun<TFace>(current.ToString(), face!));
        }
        return runs;
    }
}
