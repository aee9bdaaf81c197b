namespace SignageKiosk.Shared.Print.Text;

/// <summary>
/// Greedy line breaking for print. Pure: widths come from <c>measure</c> (one grapheme cluster's advance), so
/// the rules run without Skia. A segment (the clusters between two break opportunities) that is wider than a
/// whole line — a long Latin word, a 5,000-character token — is broken between any two clusters; a cluster is
/// never split. Line feeds start a new line.
/// </summary>
public static class LineBreaker
{
    public static IReadOnlyList<TextLine> Break(string text, float maxWidth, Func<string, float> measure)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(measure);
        if (!(maxWidth > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(maxWidth), maxWidth, "A line needs a positive width.");
        }
        var lines = new List<TextLine>();
        var offset = 0;
        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            BreakParagraph(paragraph.Replace("\r", "", StringComparison.Ordinal), offset, maxWidth, measure, lines);
            offset += paragraph.Length + 1;
        }
        return lines;
    }

    private static void BreakParagraph(string paragraph, int offset, float maxWidth, Func<string, float> measure, List<TextLine> lines)
    {
        var clusters = Kinsoku.Clusters(paragraph);
        if (clusters.Count == 0)
        {
            lines.Add(new TextLine("", offset, 0));
            return;
        }
        var widths = clusters.Select(measure).ToArray();
        var starts = new int[clusters.Count + 1];
        for (var i = 0; i < clusters.Count; i++)
        {
            starts[i + 1] = starts[i] + clusters[i].Length;
        }

        var line = new LineBuilder(paragraph, offset, starts, widths, lines);
        var segmentStart = 0;
        for (var i = 1; i <= clusters.Count; i++)
        {
            if (i < clusters.Count && !Kinsoku.CanBreakBetween(clusters[i - 1], clusters[i]))
            {
                continue;
            }
            PlaceSegment(segmentStart, i, clusters, widths, maxWidth, line);
            segmentStart = i;
        }
        line.Flush(force: true);
    }

    private static void PlaceSegment(int from, int to, List<string> clusters, float[] widths, float maxWidth, LineBuilder line)
    {
        // Trailing spaces hang: they never push a segment onto the next line.
        var inkEnd = to;
        while (inkEnd > from && Kinsoku.Classify(clusters[inkEnd - 1]) == Kinsoku.ClusterClass.Space)
        {
            inkEnd--;
        }
        var ink = Sum(widths, from, inkEnd);
        if (line.WidthBeforeNext + ink <= maxWidth)
        {
            line.Append(from, to, inkEnd);
            return;
        }
        line.Flush(force: false);
        if (ink <= maxWidth)
        {
            line.Append(from, to, inkEnd);
            return;
        }
        // Wider than a line on its own: break between clusters, as many per line as fit (at least one).
        var start = from;
        while (start < inkEnd)
        {
            var end = start;
            var width = 0f;
            while (end < inkEnd && (end == start || width + widths[end] <= maxWidth))
            {
                width += widths[end];
                end++;
            }
            line.Append(start, end == inkEnd ? to : end, end);
            if (end < inkEnd)
            {
                line.Flush(force: false);
            }
            start = end;
        }
    }

    private static float Sum(float[] widths, int from, int to)
    {
        var sum = 0f;
        for (var i = from; i < to; i++)
        {
            sum += widths[i];
        }
        return sum;
    }

    /// <summary>The line being filled: clusters [first, inkEnd) are shown, spaces after them hang.</summary>
    private sealed class LineBuilder(string paragraph, int offset, int[] starts, float[] widths, List<TextLine> lines)
    {
        private int _first = -1;
        private int _inkEnd;
        private float _hanging;

        private bool _wrapped;

        /// <summary>Width of the shown clusters.</summary>
        public float Width { get; private set; }

        /// <summary>Where the next segment would begin: the hanging spaces stop hanging once text follows them.</summary>
        public float WidthBeforeNext => _first < 0 ? 0 : Width + _hanging;

        public void Append(int from, int to, int inkEnd)
        {
            if (_first < 0)
            {
                // A wrapped line never starts with the spaces the break fell on.
                while (from < inkEnd && Kinsoku.Classify(ClusterAt(from)) == Kinsoku.ClusterClass.Space && _wrapped)
                {
                    from++;
                }
                _first = from;
                Width = 0;
                _hanging = 0;
            }
            else
            {
                Width += _hanging;
            }
            Width += Sum(widths, from, inkEnd);
            _inkEnd = inkEnd;
            _hanging = Sum(widths, inkEnd, to);
        }

        public void Flush(bool force)
        {
            if (_first < 0)
            {
                if (force)
                {
                    lines.Add(new TextLine("", offset, 0));
                }
                return;
            }
            var start = starts[_first];
            lines.Add(new TextLine(paragraph[start..starts[_inkEnd]], offset + start, Width));
            _first = -1;
            Width = 0;
            _hanging = 0;
            _wrapped = !force;
        }

        private string ClusterAt(int index) => paragraph[starts[index]..starts[index + 1]];
    }
}
