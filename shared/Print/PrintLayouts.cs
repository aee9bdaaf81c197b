using SignageKiosk.Shared.Content;

namespace SignageKiosk.Shared.Print;

/// <summary>The paper layouts shipped in content/layouts/print-*.json, embedded in this assembly.</summary>
public static class PrintLayouts
{
    public const string Roster = "print-roster";
    public const string Notice = "print-notice";
    public const string Poster = "print-poster";
    public const string Duty = "print-duty";
    public const string Overview = "print-overview";

    /// <summary>Column keys the roster renderer knows.</summary>
    public static readonly IReadOnlySet<string> RosterColumns = new HashSet<string>(StringComparer.Ordinal) { "unit", "role", "name", "party", "households", "phone" };

    /// <summary>Column keys the duty renderer knows.</summary>
    public static readonly IReadOnlySet<string> DutyColumns = new HashSet<string>(StringComparer.Ordinal) { "day", "time", "role", "name", "phone", "location" };

    /// <summary>Column keys the overview renderer knows.</summary>
    public static readonly IReadOnlySet<string> OverviewColumns = new HashSet<string>(StringComparer.Ordinal) { "building", "heads", "staff", "party", "covering", "households" };

    public static readonly IReadOnlyDictionary<string, PrintLayout> All = Load();

    public static PrintLayout Get(string id) =>
        All.TryGetValue(id, out var layout) ? layout : throw new KeyNotFoundException($"No print layout '{id}'.");

    /// <summary>Problems that make a layout unusable: no room inside the margins, no columns, unknown columns, sizes out of range.</summary>
    public static IReadOnlyList<string> Validate(PrintLayout layout, IReadOnlySet<string> knownColumns)
    {
        var problems = new List<string>();
        var m = layout.Margins;
        if (m.Top < 0 || m.Right < 0 || m.Bottom < 0 || m.Left < 0)
        {
            problems.Add("a margin is negative");
        }
        if (layout.ContentWidth < 100 || layout.ContentBottom - layout.ContentTop < 200)
        {
            problems.Add("the margins leave too little room");
        }
        foreach (var (name, size) in new[] { ("titleSize", layout.TitleSize), ("subtitleSize", layout.SubtitleSize), ("headerSize", layout.HeaderSize), ("bodySize", layout.BodySize), ("footerSize", layout.FooterSize) })
        {
            if (size is < 5 or > 72)
            {
                problems.Add($"{name} {size} is outside 5–72 pt");
            }
        }
        if (layout.LineHeight is < 1 or > 3)
        {
            problems.Add("lineHeight is outside 1–3");
        }
        // Only tables have columns: the notice and the poster lay out running text.
        if (layout.Columns.Count == 0 && knownColumns.Count > 0)
        {
            problems.Add("there are no columns");
        }
        foreach (var column in layout.Columns)
        {
            if (!knownColumns.Contains(column.Key))
            {
                problems.Add($"column '{column.Key}' is unknown");
            }
            if (!(column.Width > 0))
            {
                problems.Add($"column '{column.Key}' has no width");
            }
        }
        if (layout.QrSize is < 36 or > 1000)
        {
            problems.Add($"qrSize {layout.QrSize} is outside 36–1000");
        }
        if (layout.PictureMaxHeight is < 0.1f or > 1)
        {
            problems.Add("pictureMaxHeight is outside 0.1–1");
        }
        if (layout.MaxHeight != 0 && layout.MaxHeight < layout.PageHeight)
        {
            problems.Add("maxHeight is less than pageHeight");
        }
        if (layout.Fonts.Count == 0)
        {
            problems.Add("no font family is named");
        }
        return problems;
    }

    private static Dictionary<string, PrintLayout> Load()
    {
        var assembly = typeof(PrintLayouts).Assembly;
        var layouts = new Dictionary<string, PrintLayout>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("print-layouts/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            var layout = ContentJson.Deserialize<PrintLayout>(reader.ReadToEnd());
            layouts[layout.Id] = layout;
        }
        return layouts;
    }
}
