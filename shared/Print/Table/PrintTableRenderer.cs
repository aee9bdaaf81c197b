using SignageKiosk.Shared.Print.Skia;
using SignageKiosk.Shared.Print.Text;
using SkiaSharp;

namespace SignageKiosk.Shared.Print.Table;

/// <summary>
/// Draws a <see cref="PrintTable"/> on the pages of a <see cref="PrintLayout"/>: title, subtitle, then the table,
/// which splits between rows and repeats its header on every page (a row taller than a page continues on the
/// next), then a footer with the page number. Nothing is clipped: every text run drawn is in the returned
/// <see cref="PrintReport"/>. Shared by the roster, duty and overview sheets.
/// </summary>
public sealed class PrintTableRenderer(PrintLayout layout, PrintFonts fonts)
{
    private static readonly SKColor Ink = new(0x1A, 0x1A, 0x1A);
    private static readonly SKColor Muted = new(0x55, 0x55, 0x55);
    private static readonly SKColor Rule = new(0xC8, 0xC8, 0xC8);
    private static readonly SKColor GroupRule = new(0x80, 0x80, 0x80);
    private const float Gap = 8;

    private readonly SKColor _accent = SKColor.TryParse(layout.Accent, out var accent) ? accent : new SKColor(0xC8, 0x10, 0x2E);

    public PrintLayout Layout => layout;

    /// <summary>Draws every page to a PDF.</summary>
    public PrintReport RenderPdf(PrintTable table, Stream output)
    {
        var plan = Plan(table);
        var texts = new List<PrintedText>();
        PrintPages.Pdf(output, layout, table.Title, plan.Pages.Count, (canvas, page) => DrawPage(canvas, table, plan, page, texts));
        return new PrintReport(plan.Pages.Count, ContentArea, texts);
    }

    /// <summary>One page (from 1) as PNG at <paramref name="dpi"/> (300 for print, 100 to look at).</summary>
    public PrintReport RenderPng(PrintTable table, int page, float dpi, Stream output)
    {
        var plan = Plan(table);
        var texts = new List<PrintedText>();
        PrintPages.Png(output, layout, page, plan.Pages.Count, dpi, (canvas, index) => DrawPage(canvas, table, plan, index, texts));
        return new PrintReport(plan.Pages.Count, ContentArea, texts);
    }

    /// <summary>The page count alone, without drawing.</summary>
    public int CountPages(PrintTable table) => Plan(table).Pages.Count;

    private SKRect ContentArea => new(layout.ContentLeft, layout.ContentTop, layout.ContentRight, layout.ContentBottom);

    // ---- planning: what goes on which page ----

    /// <summary><see cref="Lines"/> leaves the group cell out: it is drawn only where the group starts or a page does.</summary>
    private sealed record Row(string? Group, IReadOnlyList<IReadOnlyList<string>> Cells, int Lines, int GroupLines);

    private sealed record Fragment(int Row, int FirstLine, int Lines, bool ShowGroup, bool NewGroup);

    private sealed record TablePlan(
        float[] ColumnWidths,
        IReadOnlyList<string> TitleLines,
        IReadOnlyList<string> SubtitleLines,
        IReadOnlyList<string> ContinuedLines,
        IReadOnlyList<IReadOnlyList<string>> HeaderCells,
        float HeaderHeight,
        IReadOnlyList<Row> Rows,
        IReadOnlyList<string> FooterLines,
        IReadOnlyList<IReadOnlyList<Fragment>> Pages);

    private float BodyLine => layout.BodySize * layout.LineHeight;
    private float HeaderLine => layout.HeaderSize * layout.LineHeight;
    private float TitleLine => layout.TitleSize * layout.LineHeight;
    private float SubtitleLine => layout.SubtitleSize * layout.LineHeight;
    private float FooterLine => layout.FooterSize * layout.LineHeight;
    private float BadgeSize => layout.BodySize * 1.25f;
    private float PageNumberWidth => Width(PageNumber(99, 99), layout.FooterSize);

    private float Width(string text, float size) => Kinsoku.Clusters(text).Sum(c => fonts.Measure(c, size, false));

    private static string PageNumber(int page, int pages) => $"第 {page} 页 / 共 {pages} 页";

    private static PrintCell? CellOf(PrintRow row, string key) => row.Cells.GetValueOrDefault(key);

    private TablePlan Plan(PrintTable table)
    {
        var total = layout.Columns.Sum(c => c.Width);
        var widths = layout.Columns.Select(c => layout.ContentWidth * c.Width / total).ToArray();
        var pad = layout.CellPadding;

        var titleLines = Lines(table.Title, layout.ContentWidth, layout.TitleSize, bold: true);
        var subtitleLines = Lines(table.Subtitle ?? "", layout.ContentWidth, layout.SubtitleSize, bold: false);
        var continuedLines = Lines($"{table.Title}（续）", layout.ContentWidth, layout.SubtitleSize, bold: true);

        var headerCells = layout.Columns.Select((c, i) => Lines(c.Title, widths[i] - 2 * pad, layout.HeaderSize, bold: true)).ToList();
        var headerHeight = 2 * pad + headerCells.Max(c => c.Count) * HeaderLine;

        var rows = new List<Row>();
        foreach (var row in table.Rows)
        {
            var cells = layout.Columns.Select((c, i) =>
            {
                var cell = CellOf(row, c.Key);
                if (cell is null)
                {
                    return (IReadOnlyList<string>)[];
                }
                var width = widths[i] - 2 * pad - (cell.Badge ? BadgeSize + 4 : 0);
                return Lines(cell.Text, Math.Max(width, layout.BodySize), layout.BodySize, cell.Bold);
            }).ToList();
            var group = table.GroupColumn is { } g ? CellOf(row, g)?.Text ?? "" : null;
            var groupIndex = layout.Columns.ToList().FindIndex(c => c.Key == table.GroupColumn);
            var lines = cells.Where((_, i) => i != groupIndex).Select(c => c.Count).DefaultIfEmpty(0).Max();
            rows.Add(new Row(group, cells, Math.Max(1, lines), groupIndex < 0 ? 0 : cells[groupIndex].Count));
        }

        var footerLines = Lines(table.Footer ?? "", layout.ContentWidth - PageNumberWidth - Gap, layout.FooterSize, bold: false);
        var tableBottom = layout.ContentBottom - Math.Max(1, footerLines.Count) * FooterLine - Gap;

        var pages = new List<IReadOnlyList<Fragment>>();
        var current = new List<Fragment>();
        var firstTop = layout.ContentTop + titleLines.Count * TitleLine + subtitleLines.Count * SubtitleLine + Gap * 1.5f + headerHeight;
        var laterTop = layout.ContentTop + continuedLines.Count * SubtitleLine + Gap + headerHeight;
        var y = firstTop;
        var fullBody = tableBottom - laterTop;
        string? previousGroup = null;
        void NewPage()
        {
            pages.Add(current);
            current = [];
            y = laterTop;
        }
        for (var r = 0; r < rows.Count; r++)
        {
            var first = 0;
            var remaining = rows[r].Lines;
            var newGroup = r > 0 && rows[r].Group is not null && rows[r].Group != previousGroup;
            while (remaining > 0)
            {
                var showGroup = current.Count == 0 || (first == 0 && (r == 0 || rows[r].Group != previousGroup));
                var lines = showGroup ? Math.Max(remaining, rows[r].GroupLines) : remaining;
                var need = 2 * pad + lines * BodyLine;
                if (y + need <= tableBottom + 0.01f)
                {
                    current.Add(new Fragment(r, first, lines, showGroup, newGroup && first == 0));
                    y += need;
                    break;
                }
                if (need <= fullBody && current.Count > 0)
                {
                    NewPage();
                    continue;
                }
                // Taller than a whole page: as many lines as fit here, the rest on the next page.
                var fit = (int)Math.Floor((tableBottom - y - 2 * pad) / BodyLine);
                if (fit < 1)
                {
                    if (current.Count > 0)
                    {
                        NewPage();
                        continue;
                    }
                    fit = 1;
                }
                current.Add(new Fragment(r, first, fit, showGroup, newGroup && first == 0));
                first += fit;
                remaining -= fit;
                NewPage();
            }
            previousGroup = rows[r].Group;
        }
        pages.Add(current);
        return new TablePlan(widths, titleLines, subtitleLines, continuedLines, headerCells, headerHeight, rows, footerLines, pages);
    }

    /// <summary>Each '\n'-separated paragraph broken to the width; an empty text is no lines.</summary>
    private IReadOnlyList<string> Lines(string text, float width, float size, bool bold)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }
        var measure = fonts.Measurer(size, bold);
        return text.Split('\n').SelectMany(p => LineBreaker.Break(p, width, measure).Select(l => l.Text)).ToList();
    }

    // ---- drawing one page ----

    private void DrawPage(SKCanvas canvas, PrintTable table, TablePlan plan, int pageIndex, List<PrintedText> texts)
    {
        var page = pageIndex + 1;
        using var ink = new SKPaint { Color = Ink, IsAntialias = true };
        using var muted = new SKPaint { Color = Muted, IsAntialias = true };
        using var accent = new SKPaint { Color = _accent, IsAntialias = true };
        using var rule = new SKPaint { Color = Rule, IsAntialias = true, StrokeWidth = 0.5f, Style = SKPaintStyle.Stroke };
        using var groupRule = new SKPaint { Color = GroupRule, IsAntialias = true, StrokeWidth = 0.9f, Style = SKPaintStyle.Stroke };
        using var strongRule = new SKPaint { Color = _accent, IsAntialias = true, StrokeWidth = 1.2f, Style = SKPaintStyle.Stroke };
        using var headerFill = new SKPaint { Color = new SKColor(0xFB, 0xEC, 0xEC), Style = SKPaintStyle.Fill };
        var left = layout.ContentLeft;
        var right = layout.ContentRight;
        var pad = layout.CellPadding;

        void Text(string text, float x, float top, float size, float pitch, bool bold, SKPaint paint)
        {
            var (ascent, descent) = fonts.LineMetrics(size, bold);
            var baseline = top + (pitch - ascent - descent) / 2 + ascent;
            foreach (var (t, bounds) in fonts.DrawLine(canvas, text, x, baseline, size, bold, paint))
            {
                texts.Add(new PrintedText(page, t, bounds));
            }
        }

        var y = layout.ContentTop;
        if (pageIndex == 0)
        {
            foreach (var line in plan.TitleLines)
            {
                Text(line, left, y, layout.TitleSize, TitleLine, true, accent);
                y += TitleLine;
            }
            foreach (var line in plan.SubtitleLines)
            {
                Text(line, left, y, layout.SubtitleSize, SubtitleLine, false, muted);
                y += SubtitleLine;
            }
            y += Gap / 2;
            canvas.DrawLine(left, y, right, y, strongRule);
            y += Gap;
        }
        else
        {
            foreach (var line in plan.ContinuedLines)
            {
                Text(line, left, y, layout.SubtitleSize, SubtitleLine, true, muted);
                y += SubtitleLine;
            }
            y += Gap;
        }

        // The table's header, on every page.
        canvas.DrawRect(new SKRect(left, y, right, y + plan.HeaderHeight), headerFill);
        var x = left;
        for (var c = 0; c < layout.Columns.Count; c++)
        {
            var lineTop = y + pad;
            foreach (var line in plan.HeaderCells[c])
            {
                Text(line, x + pad, lineTop, layout.HeaderSize, HeaderLine, true, ink);
                lineTop += HeaderLine;
            }
            x += plan.ColumnWidths[c];
        }
        y += plan.HeaderHeight;
        canvas.DrawLine(left, y, right, y, strongRule);

        if (plan.Rows.Count == 0)
        {
            Text(table.EmptyText, left + pad, y + pad, layout.BodySize, BodyLine, false, muted);
        }
        foreach (var fragment in plan.Pages[pageIndex])
        {
            var row = plan.Rows[fragment.Row];
            var source = table.Rows[fragment.Row];
            if (fragment.NewGroup && fragment != plan.Pages[pageIndex][0])
            {
                canvas.DrawLine(left, y, right, y, groupRule);
            }
            x = left;
            for (var c = 0; c < layout.Columns.Count; c++)
            {
                var key = layout.Columns[c].Key;
                var cell = CellOf(source, key);
                var isGroup = key == table.GroupColumn;
                if (cell is not null && (!isGroup || fragment.ShowGroup))
                {
                    var textX = x + pad;
                    if (cell.Badge)
                    {
                        // The badge sits on the fragment's first line, so a row split across pages shows it on both.
                        var badgeTop = y + pad + (BodyLine - BadgeSize) / 2;
                        foreach (var (t, bounds) in PartyBadge.Draw(canvas, fonts, textX, badgeTop, BadgeSize, _accent))
                        {
                            texts.Add(new PrintedText(page, t, bounds));
                        }
                        textX += BadgeSize + 4;
                    }
                    var lines = row.Cells[c];
                    var lineTop = y + pad;
                    // A row continued at the top of a page names its group again.
                    var from = isGroup ? 0 : fragment.FirstLine;
                    for (var l = from; l < Math.Min(lines.Count, from + fragment.Lines); l++)
                    {
                        if (lines[l].Length > 0)
                        {
                            Text(lines[l], textX, lineTop, layout.BodySize, BodyLine, cell.Bold, cell.Muted ? muted : ink);
                        }
                        lineTop += BodyLine;
                    }
                }
                x += plan.ColumnWidths[c];
            }
            y += 2 * pad + fragment.Lines * BodyLine;
            canvas.DrawLine(left, y, right, y, rule);
        }

        // Footer, inside the margins.
        var footerTop = layout.ContentBottom - Math.Max(1, plan.FooterLines.Count) * FooterLine;
        var pageText = PageNumber(page, plan.Pages.Count);
        Text(pageText, right - Width(pageText, layout.FooterSize), footerTop, layout.FooterSize, FooterLine, false, muted);
        foreach (var line in plan.FooterLines)
        {
            Text(line, left, footerTop, layout.FooterSize, FooterLine, false, muted);
            footerTop += FooterLine;
        }
    }
}
