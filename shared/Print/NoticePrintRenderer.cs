using SignageKiosk.Shared.Notices;
using SignageKiosk.Shared.Print.Skia;
using SignageKiosk.Shared.Print.Text;
using SkiaSharp;

namespace SignageKiosk.Shared.Print;

/// <summary>
/// A notice on A4 paper (content/layouts/print-notice.json): its category, title, validity and station, the
/// picture scaled into a box (aspect kept), the body wrapped by the shared line breaker and continued on further
/// pages, and on the first page a QR code (vector modules) that opens the notice's public page on a phone.
/// Nothing is clipped: every text run drawn is in the returned <see cref="PrintReport"/>.
/// </summary>
public sealed class NoticePrintRenderer(PrintLayout layout, PrintFonts fonts)
{
    private static readonly SKColor Ink = new(0x16, 0x16, 0x16);
    private static readonly SKColor Muted = new(0x4A, 0x40, 0x38);
    private static readonly SKColor Rule = new(0xD8, 0xCB, 0xB6);
    private const float Gap = 10;

    private readonly SKColor _accent = SKColor.TryParse(layout.Accent, out var accent) ? accent : new SKColor(0x8E, 0x12, 0x12);

    public PrintLayout Layout => layout;

    /// <summary>Draws every page to a PDF.</summary>
    public PrintReport RenderPdf(NoticePrintRequest request, Stream output)
    {
        using var plan = Plan(request);
        var texts = new List<PrintedText>();
        PrintPages.Pdf(output, layout, request.Title, plan.Pages.Count, (canvas, page) => DrawPage(canvas, request, plan, page, texts));
        return new PrintReport(plan.Pages.Count, ContentArea, texts);
    }

    /// <summary>One page (from 1) as PNG at <paramref name="dpi"/> (300 for print, 100 to look at).</summary>
    public PrintReport RenderPng(NoticePrintRequest request, int page, float dpi, Stream output)
    {
        using var plan = Plan(request);
        var texts = new List<PrintedText>();
        PrintPages.Png(output, layout, page, plan.Pages.Count, dpi, (canvas, index) => DrawPage(canvas, request, plan, index, texts));
        return new PrintReport(plan.Pages.Count, ContentArea, texts);
    }

    public int CountPages(NoticePrintRequest request)
    {
        using var plan = Plan(request);
        return plan.Pages.Count;
    }

    private SKRect ContentArea => new(layout.ContentLeft, layout.ContentTop, layout.ContentRight, layout.ContentBottom);

    // ---- planning ----

    private sealed record Placed(PrintBlock Block, float Top);

    private sealed record NoticePlan(
        IReadOnlyList<IReadOnlyList<Placed>> Pages,
        IReadOnlyList<TextBlock> Continued,
        IReadOnlyList<TextBlock> BandLines,
        float BandTop,
        IReadOnlyList<TextBlock> FooterLines,
        PictureBlock? Picture) : IDisposable
    {
        public void Dispose() => Picture?.Image.Dispose();
    }

    private float Pitch(float size) => size * layout.LineHeight;
    private float FooterPitch => layout.FooterSize * 1.35f;

    private static string PageNumber(int page, int pages) => $"第 {page} 页 / 共 {pages} 页";

    private float Width(string text, float size, bool bold) => Kinsoku.Clusters(text).Sum(c => fonts.Measure(c, size, bold));

    private NoticePlan Plan(NoticePrintRequest request)
    {
        var width = layout.ContentWidth;
        var head = new List<PrintBlock>();
        var kind = NoticePrintRequest.CategoryName(request.Category) + request.Priority switch
        {
            NoticePriority.Urgent => " · 紧急",
            NoticePriority.Pinned => " · 置顶",
            _ => "",
        };
        head.AddRange(PrintBlocks.Lines(fonts, kind, width, layout.HeaderSize, true, _accent, Pitch(layout.HeaderSize)));
        head.AddRange(PrintBlocks.Lines(fonts, request.Title, width, layout.TitleSize, true, _accent, layout.TitleSize * 1.3f));
        head.Add(new GapBlock(Gap / 2));
        if (request.ValidityText is { } validity)
        {
            head.AddRange(PrintBlocks.Lines(fonts, "有效期：" + validity, width, layout.SubtitleSize, false, Muted, Pitch(layout.SubtitleSize)));
        }
        if (!string.IsNullOrWhiteSpace(request.StationName))
        {
            head.AddRange(PrintBlocks.Lines(fonts, "发布：" + request.StationName, width, layout.SubtitleSize, false, Muted, Pitch(layout.SubtitleSize)));
        }
        head.Add(new RuleBlock(Gap * 1.6f, _accent, 1.2f));

        var contentHeight = layout.ContentBottom - layout.ContentTop;
        var picture = PrintBlocks.Picture(request.Picture, width, contentHeight * layout.PictureMaxHeight);
        var blocks = new List<PrintBlock>(head);
        if (picture is not null)
        {
            blocks.Add(picture);
            blocks.Add(new GapBlock(Gap * 1.2f));
        }
        blocks.AddRange(PrintBlocks.Lines(fonts, request.Body, width, layout.BodySize, false, Ink, Pitch(layout.BodySize)));

        // The QR band at the foot of the first page: the code on the right, what it is for on its left.
        var bandTextWidth = width - layout.QrSize - Gap * 2;
        var band = new List<TextBlock>();
        band.AddRange(PrintBlocks.Lines(fonts, "扫码在手机上阅读", bandTextWidth, layout.HeaderSize, true, Ink, Pitch(layout.HeaderSize)));
        band.AddRange(PrintBlocks.Lines(fonts, "用微信或手机浏览器扫一扫，即可打开本通知，方便转发给家人邻居。", bandTextWidth, layout.FooterSize, false, Muted, FooterPitch));
        band.AddRange(PrintBlocks.Lines(fonts, request.Url, bandTextWidth, layout.FooterSize, false, Muted, FooterPitch));

        var footer = string.Join(" · ", new[] { request.StationName, "打印于 " + request.PrintedOn.ToString("yyyy年M月d日", System.Globalization.CultureInfo.InvariantCulture) }
            .Where(s => !string.IsNullOrWhiteSpace(s)));
        var footerLines = PrintBlocks.Lines(fonts, footer, width - Width(PageNumber(99, 99), layout.FooterSize, false) - Gap, layout.FooterSize, false, Muted, FooterPitch).ToList();
        var footerTop = layout.ContentBottom - footerLines.Count * FooterPitch;
        var bandHeight = Math.Max(layout.QrSize, band.Sum(b => b.Height));
        var bandTop = footerTop - Gap - bandHeight;

        var continued = PrintBlocks.Lines(fonts, request.Title + "（续）", width, layout.SubtitleSize, true, Muted, Pitch(layout.SubtitleSize)).ToList();
        if (continued.Count > 1)
        {
            // One line is enough to say whose page this is.
            continued = [continued[0] with { Text = continued[0].Text + "…" }];
        }
        var laterTop = layout.ContentTop + continued.Sum(b => b.Height) + Gap;

        var pages = new List<IReadOnlyList<Placed>>();
        var current = new List<Placed>();
        var y = layout.ContentTop;
        var bottom = bandTop - Gap * 1.5f;
        foreach (var block in blocks)
        {
            if (y + block.Height > bottom + 0.01f && current.Count > 0)
            {
                pages.Add(current);
                current = [];
                y = laterTop;
                bottom = footerTop - Gap;
                if (block is GapBlock or RuleBlock)
                {
                    continue;
                }
            }
            current.Add(new Placed(block, y));
            y += block.Height;
        }
        pages.Add(current);
        return new NoticePlan(pages, continued, band, bandTop, footerLines, picture);
    }

    // ---- drawing ----

    private void DrawPage(SKCanvas canvas, NoticePrintRequest request, NoticePlan plan, int pageIndex, List<PrintedText> texts)
    {
        var page = pageIndex + 1;
        var left = layout.ContentLeft;
        var width = layout.ContentWidth;
        if (pageIndex > 0)
        {
            var top = layout.ContentTop;
            foreach (var line in plan.Continued)
            {
                PrintBlocks.Draw(canvas, fonts, line, left, width, top, page, texts);
                top += line.Height;
            }
        }
        foreach (var placed in plan.Pages[pageIndex])
        {
            PrintBlocks.Draw(canvas, fonts, placed.Block, left, width, placed.Top, page, texts);
        }

        if (pageIndex == 0)
        {
            using var rule = new SKPaint { Color = Rule, StrokeWidth = 0.6f, Style = SKPaintStyle.Stroke, IsAntialias = true };
            canvas.DrawLine(left, plan.BandTop - Gap / 2, layout.ContentRight, plan.BandTop - Gap / 2, rule);
            PrintBlocks.Draw(canvas, fonts, new QrBlock(request.Url, layout.QrSize, SKColors.Black), layout.ContentRight - layout.QrSize, layout.QrSize, plan.BandTop, page, texts);
            var bandHeight = plan.BandLines.Sum(b => b.Height);
            var top = plan.BandTop + Math.Max(0, (layout.QrSize - bandHeight) / 2);
            foreach (var line in plan.BandLines)
            {
                PrintBlocks.Draw(canvas, fonts, line, left, width - layout.QrSize - Gap * 2, top, page, texts);
                top += line.Height;
            }
        }

        var footerTop = layout.ContentBottom - plan.FooterLines.Count * FooterPitch;
        var pageText = PageNumber(page, plan.Pages.Count);
        var pageLine = new TextBlock(pageText, layout.FooterSize, false, Muted, FooterPitch);
        PrintBlocks.Draw(canvas, fonts, pageLine, layout.ContentRight - Width(pageText, layout.FooterSize, false), width, footerTop, page, texts);
        foreach (var line in plan.FooterLines)
        {
            PrintBlocks.Draw(canvas, fonts, line, left, width, footerTop, page, texts);
            footerTop += line.Height;
        }
    }
}
