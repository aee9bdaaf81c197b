using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Print.Skia;
using SignageKiosk.Shared.Print.Text;
using SignageKiosk.Shared.Roster;
using SkiaSharp;

namespace SignageKiosk.Shared.Print;

/// <summary>
/// The printed 楼栋公示 of one building (content/layouts/print-roster.json): a title, then a table of the people
/// responsible for it — unit, role, name, Party badge and membership, households, phone (masked unless public,
/// as on the board). The table splits between rows and repeats its header on every page; a row taller than a
/// page continues on the next. Nothing is clipped: every text run drawn is in the returned <see cref="PrintReport"/>.
/// </summary>
public sealed class RosterPrintRenderer(PrintLayout layout, PrintFonts fonts)
{
    private static readonly SKColor Ink = new(0x1A, 0x1A, 0x1A);
    private static readonly SKColor Muted = new(0x55, 0x55, 0x55);
    private static readonly SKColor Rule = new(0xC8, 0xC8, 0xC8);
    private const float Gap = 8;

    private readonly SKColor _accent = SKColor.TryParse(layout.Accent, out var accent) ? accent : new SKColor(0xC8, 0x10, 0x2E);
    private readonly BoardText _text = BoardText.Zh;

    public PrintLayout Layout => layout;

    /// <summary>Draws every page to a PDF.</summary>
    public PrintReport RenderPdf(RosterPrintRequest request, Stream output)
    {
        var plan = Plan(request);
        var texts = new List<PrintedText>();
        var metadata = new SKDocumentPdfMetadata
        {
            Title = Title(request),
            Creator = "SignageKiosk",
            Producer = "SignageKiosk (SkiaSharp)",
            // Emoji are colour bitmaps: 300 dpi keeps them crisp on paper.
            RasterDpi = 300,
        };
        using (var document = SKDocument.CreatePdf(output, metadata))
        {
            for (var page = 0; page < plan.Pages.Count; page++)
            {
                var canvas = document.BeginPage(layout.PageWidth, layout.PageHeight);
                DrawPage(canvas, request, plan, page, texts);
                document.EndPage();
            }
            document.Close();
        }
        return new PrintReport(plan.Pages.Count, ContentArea, texts);
    }

    /// <summary>Draws one page (from 1) to a PNG at <paramref name="dpi"/> (300 for print, 100 to look at).</summary>
    public PrintReport RenderPng(RosterPrintRequest request, int page, float dpi, Stream output)
    {
        var plan = Plan(request);
        if (page < 1 || page > plan.Pages.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(page), page, $"The roster has {plan.Pages.Count} page(s).");
        }
        if (dpi is < 36 or > 600)
        {
            throw new ArgumentOutOfRangeException(nameof(dpi), dpi, "Between 36 and 600 dpi.");
        }
        var scale = dpi / 72f;
        var info = new SKImageInfo((int)Math.Ceiling(layout.PageWidth * scale), (int)Math.Ceiling(layout.PageHeight * scale), SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info);
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        canvas.Scale(scale);
        var texts = new List<PrintedText>();
        DrawPage(canvas, request, plan, page - 1, texts);
        canvas.Flush();
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        png.SaveTo(output);
        return new PrintReport(plan.Pages.Count, ContentArea, texts);
    }

    /// <summary>The page count alone, without drawing.</summary>
    public int CountPages(RosterPrintRequest request) => Plan(request).Pages.Count;

    private SKRect ContentArea => new(layout.ContentLeft, layout.ContentTop, layout.ContentRight, layout.ContentBottom);

    private string Title(RosterPrintRequest request) => $"{request.Building.Building.Name} {_text.Roster}";

    // ---- planning: what goes on which page ----

    private sealed record Row(string Unit, IReadOnlyList<IReadOnlyList<string>> Cells, bool Party, int Lines);

    private sealed record Fragment(int Row, int FirstLine, int Lines, bool ShowUnit);

    private sealed record RosterPlan(
        float[] ColumnWidths,
        IReadOnlyList<string> TitleLines,
        IReadOnlyList<string> SubtitleLines,
        IReadOnlyList<string> ContinuedLines,
        IReadOnlyList<IReadOnlyList<string>> HeaderCells,
        float HeaderHeight,
        IReadOnlyList<Row> Rows,
        IReadOnlyList<string> FooterLines,
        float TableBottom,
        IReadOnlyList<IReadOnlyList<Fragment>> Pages);

    private float BodyLine => layout.BodySize * layout.LineHeight;
    private float HeaderLine => layout.HeaderSize * layout.LineHeight;
    private float TitleLine => layout.TitleSize * layout.LineHeight;
    private float SubtitleLine => layout.SubtitleSize * layout.LineHeight;
    private float FooterLine => layout.FooterSize * layout.LineHeight;
    private float BadgeSize => layout.BodySize * 1.25f;
    private float PageNumberWidth => Kinsoku.Clusters(PageNumber(99, 99)).Sum(c => fonts.Measure(c, layout.FooterSize, false));

    private static string PageNumber(int page, int pages) => $"第 {page} 页 / 共 {pages} 页";

    private RosterPlan Plan(RosterPrintRequest request)
    {
        var total = layout.Columns.Sum(c => c.Width);
        var widths = layout.Columns.Select(c => layout.ContentWidth * c.Width / total).ToArray();
        var pad = layout.CellPadding;

        var titleLines = Lines(Title(request), layout.ContentWidth, layout.TitleSize, bold: true);
        var subtitle = string.Join(" · ", new[] { request.PlaceLine, _text.PartyMembers(request.Building.PartyMembers), "打印于 " + _text.Date(request.PrintedOn.ToDateTime(TimeOnly.MinValue)) }
            .Where(s => !string.IsNullOrWhiteSpace(s)));
        var subtitleLines = Lines(subtitle, layout.ContentWidth, layout.SubtitleSize, bold: false);
        var continuedLines = Lines($"{Title(request)}（续）", layout.ContentWidth, layout.SubtitleSize, bold: true);

        var headerCells = layout.Columns.Select((c, i) => Lines(c.Title, widths[i] - 2 * pad, layout.HeaderSize, bold: true)).ToList();
        var headerHeight = 2 * pad + headerCells.Max(c => c.Count) * HeaderLine;

        var rows = new List<Row>();
        foreach (var (entry, person, unit) in request.Building.Entries)
        {
            var party = person.Party != PartyMembership.None;
            var unitName = unit?.Name ?? _text.WholeBuilding;
            var cells = layout.Columns.Select((c, i) =>
            {
                var width = widths[i] - 2 * pad - (c.Key == "party" && party ? BadgeSize + 4 : 0);
                return Lines(CellText(c.Key, entry, person, unitName), Math.Max(width, layout.BodySize), layout.BodySize, bold: c.Key == "name");
            }).ToList();
            rows.Add(new Row(unitName, cells, party, cells.Max(c => c.Count)));
        }

        var footer = string.Join(" · ", new[] { request.StationName, "未公开的电话号码只显示后四位" }.Where(s => !string.IsNullOrWhiteSpace(s)));
        var footerLines = Lines(footer, layout.ContentWidth - PageNumberWidth - Gap, layout.FooterSize, bold: false);
        var tableBottom = layout.ContentBottom - footerLines.Count * FooterLine - Gap;

        var pages = new List<IReadOnlyList<Fragment>>();
        var current = new List<Fragment>();
        var firstTop = layout.ContentTop + titleLines.Count * TitleLine + subtitleLines.Count * SubtitleLine + Gap * 1.5f + headerHeight;
        var laterTop = layout.ContentTop + continuedLines.Count * SubtitleLine + Gap + headerHeight;
        var y = firstTop;
        var fullBody = tableBottom - laterTop;
        string? previousUnit = null;
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
            while (remaining > 0)
            {
                var showUnit = current.Count == 0 || rows[r].Unit != previousUnit;
                var need = 2 * pad + remaining * BodyLine;
                if (y + need <= tableBottom + 0.01f)
                {
                    current.Add(new Fragment(r, first, remaining, showUnit));
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
                current.Add(new Fragment(r, first, fit, showUnit));
                first += fit;
                remaining -= fit;
                NewPage();
            }
            previousUnit = rows[r].Unit;
        }
        pages.Add(current);
        return new RosterPlan(widths, titleLines, subtitleLines, continuedLines, headerCells, headerHeight, rows, footerLines, tableBottom, pages);
    }

    private string CellText(string key, RosterEntry entry, Person person, string unitName) => key switch
    {
        "unit" => unitName,
        "role" => _text.Role(entry.Role),
        "name" => person.Name,
        "party" => _text.Party(person.Party),
        "households" => entry.Households is { } h ? h.ToString(System.Globalization.CultureInfo.InvariantCulture) : "",
        "phone" => PhoneMask.Display(person.Phone, person.PhonePublic),
        _ => "",
    };

    private IReadOnlyList<string> Lines(string text, float width, float size, bool bold) =>
        LineBreaker.Break(text, width, fonts.Measurer(size, bold)).Select(l => l.Text).ToList();

    // ---- drawing one page ----

    private void DrawPage(SKCanvas canvas, RosterPrintRequest request, RosterPlan plan, int pageIndex, List<PrintedText> texts)
    {
        var page = pageIndex + 1;
        using var ink = new SKPaint { Color = Ink, IsAntialias = true };
        using var muted = new SKPaint { Color = Muted, IsAntialias = true };
        using var accent = new SKPaint { Color = _accent, IsAntialias = true };
        using var rule = new SKPaint { Color = Rule, IsAntialias = true, StrokeWidth = 0.5f, Style = SKPaintStyle.Stroke };
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

        var fragments = plan.Pages[pageIndex];
        if (plan.Rows.Count == 0)
        {
            Text("本楼栋暂无登记人员", left + pad, y + pad, layout.BodySize, BodyLine, false, muted);
        }
        foreach (var fragment in fragments)
        {
            var row = plan.Rows[fragment.Row];
            x = left;
            for (var c = 0; c < layout.Columns.Count; c++)
            {
                var key = layout.Columns[c].Key;
                var textX = x + pad;
                if (key == "party" && row.Party)
                {
                    // The badge sits on the fragment's first line, so a row split across pages shows it on both.
                    var badgeTop = y + pad + (BodyLine - BadgeSize) / 2;
                    foreach (var (t, bounds) in PartyBadge.Draw(canvas, fonts, textX, badgeTop, BadgeSize, _accent))
                    {
                        texts.Add(new PrintedText(page, t, bounds));
                    }
                    textX += BadgeSize + 4;
                }
                if (key != "unit" || fragment.ShowUnit)
                {
                    var lines = row.Cells[c];
                    var lineTop = y + pad;
                    // A row continued at the top of a page names its unit again.
                    var from = key == "unit" ? 0 : fragment.FirstLine;
                    for (var l = from; l < Math.Min(lines.Count, from + fragment.Lines); l++)
                    {
                        if (lines[l].Length > 0)
                        {
                            Text(lines[l], textX, lineTop, layout.BodySize, BodyLine, key == "name", key == "phone" ? muted : ink);
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
        var footerTop = layout.ContentBottom - plan.FooterLines.Count * FooterLine;
        var pageText = PageNumber(page, plan.Pages.Count);
        var pageWidth = Kinsoku.Clusters(pageText).Sum(c => fonts.Measure(c, layout.FooterSize, false));
        Text(pageText, right - pageWidth, footerTop, layout.FooterSize, FooterLine, false, muted);
        foreach (var line in plan.FooterLines)
        {
            Text(line, left, footerTop, layout.FooterSize, FooterLine, false, muted);
            footerTop += FooterLine;
        }
    }
}
