using SignageKiosk.Shared.Notices;
using SignageKiosk.Shared.Print.Skia;
using SkiaSharp;

namespace SignageKiosk.Shared.Print;

/// <summary>What a poster render drew: its size in pixels, whether the body had to be shortened, every text run.</summary>
public sealed record PosterReport(int Width, int Height, bool Shortened, SKRect ContentArea, IReadOnlyList<PrintedText> Texts);

/// <summary>
/// A notice as a phone poster for WeChat groups (content/layouts/print-poster.json, lengths in pixels): 1080 pixels
/// wide and as tall as the notice needs, in the board's colours (shared/Board/Assets/board.css): the station on the
/// red band, then on a white card the title, validity, picture, body and the QR code of the public page. A body
/// too long even for <see cref="PrintLayout.MaxHeight"/> is shortened at a line, and says so: the QR has the rest.
/// </summary>
public sealed class NoticePosterRenderer(PrintLayout layout, PrintFonts fonts)
{
    // The board's palette (board.css :root): --bg, --surface, --fg, --muted, --line, --accent, --badge-fg.
    private static readonly SKColor Background = new(0xF4, 0xEF, 0xE6);
    private static readonly SKColor Surface = SKColors.White;
    private static readonly SKColor Ink = new(0x16, 0x16, 0x16);
    private static readonly SKColor Muted = new(0x3B, 0x33, 0x2D);
    private static readonly SKColor Line = new(0xD8, 0xCB, 0xB6);
    private static readonly SKColor Gold = new(0xFF, 0xE0, 0x8A);
    private static readonly SKColor UrgentBackground = new(0xFB, 0xE3, 0xE0);
    private const string Shortened = "……（全文较长，请扫描下方二维码阅读）";

    private readonly SKColor _accent = SKColor.TryParse(layout.Accent, out var accent) ? accent : new SKColor(0x8E, 0x12, 0x12);

    public PrintLayout Layout => layout;

    private float Pad => layout.CellPadding;
    private float Gap => layout.BodySize * 0.6f;
    private float CardLeft => layout.ContentLeft;
    private float CardWidth => layout.ContentWidth;
    private float InnerLeft => CardLeft + Pad;
    private float InnerWidth => CardWidth - 2 * Pad;

    /// <param name="scale">1 for the 1080-pixel poster; less for a preview (the docs' picture).</param>
    public PosterReport RenderPng(NoticePrintRequest request, Stream output, float scale = 1)
    {
        if (scale is < 0.1f or > 2)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "Between 0.1 and 2.");
        }
        var plan = Plan(request);
        try
        {
            var info = new SKImageInfo((int)Math.Ceiling(layout.PageWidth * scale), (int)Math.Ceiling(plan.Height * scale), SKColorType.Rgba8888, SKAlphaType.Premul);
            using var surface = SKSurface.Create(info);
            var canvas = surface.Canvas;
            canvas.Scale(scale);
            var texts = new List<PrintedText>();
            Draw(canvas, request, plan, texts);
            canvas.Flush();
            using var image = surface.Snapshot();
            using var png = image.Encode(SKEncodedImageFormat.Png, 100);
            png.SaveTo(output);
            return new PosterReport(info.Width, info.Height, plan.Shortened,
                new SKRect(InnerLeft, layout.ContentTop, InnerLeft + InnerWidth, plan.Height - layout.Margins.Bottom), texts);
        }
        finally
        {
            plan.Picture?.Image.Dispose();
        }
    }

    private sealed record PosterPlan(IReadOnlyList<TextBlock> Header, float HeaderHeight, IReadOnlyList<PrintBlock> Card, float CardHeight,
        IReadOnlyList<TextBlock> Footer, float Height, bool Shortened, PictureBlock? Picture);

    private float Pitch(float size) => size * layout.LineHeight;

    private PosterPlan Plan(NoticePrintRequest request)
    {
        var header = new List<TextBlock>();
        header.AddRange(PrintBlocks.Lines(fonts, string.IsNullOrWhiteSpace(request.StationName) ? "社区通知" : request.StationName, InnerWidth, layout.HeaderSize, true, SKColors.White, Pitch(layout.HeaderSize)));
        var kind = NoticePrintRequest.CategoryName(request.Category) + request.Priority switch
        {
            NoticePriority.Urgent => " · 紧急",
            NoticePriority.Pinned => " · 置顶",
            _ => "",
        };
        header.AddRange(PrintBlocks.Lines(fonts, kind, InnerWidth, layout.SubtitleSize, false, Gold, Pitch(layout.SubtitleSize)));
        var headerHeight = header.Sum(b => b.Height) + 2 * Pad * 0.75f;

        var top = new List<PrintBlock>();
        top.AddRange(PrintBlocks.Lines(fonts, request.Title, InnerWidth, layout.TitleSize, true, _accent, layout.TitleSize * 1.3f));
        top.Add(new GapBlock(Gap / 2));
        if (request.ValidityText is { } validity)
        {
            top.AddRange(PrintBlocks.Lines(fonts, "有效期：" + validity, InnerWidth, layout.SubtitleSize, false, Muted, Pitch(layout.SubtitleSize)));
        }
        top.Add(new RuleBlock(Gap * 2, Line, 2));
        var picture = PrintBlocks.Picture(request.Picture, InnerWidth, layout.PageHeight * layout.PictureMaxHeight);
        if (picture is not null)
        {
            top.Add(picture);
            top.Add(new GapBlock(Gap * 1.5f));
        }
        var body = PrintBlocks.Lines(fonts, request.Body, InnerWidth, layout.BodySize, false, Ink, Pitch(layout.BodySize)).ToList();
        var bottom = new List<PrintBlock> { new GapBlock(Gap), new RuleBlock(Gap * 2, Line, 2), new GapBlock(Gap) };
        bottom.Add(new QrBlock(request.Url, layout.QrSize, Ink));
        bottom.Add(new GapBlock(Gap));
        bottom.AddRange(PrintBlocks.Lines(fonts, "微信扫一扫 · 在手机上阅读全文", InnerWidth, layout.SubtitleSize, true, Ink, Pitch(layout.SubtitleSize), centred: true));
        bottom.AddRange(PrintBlocks.Lines(fonts, request.Url, InnerWidth, layout.FooterSize, false, Muted, Pitch(layout.FooterSize), centred: true));

        var footer = PrintBlocks.Lines(fonts, string.Join(" · ", new[] { request.StationName, "生成于 " + request.PrintedOn.ToString("yyyy年M月d日", System.Globalization.CultureInfo.InvariantCulture) }
            .Where(s => !string.IsNullOrWhiteSpace(s))), CardWidth, layout.FooterSize, false, Muted, Pitch(layout.FooterSize), centred: true).ToList();

        float Total(int bodyLines, bool shortened) =>
            layout.Margins.Top + headerHeight + Gap * 2 + 2 * Pad + top.Sum(b => b.Height) + body.Take(bodyLines).Sum(b => b.Height)
            + (shortened ? Pitch(layout.BodySize) * 2 : 0) + bottom.Sum(b => b.Height) + Gap * 2 + footer.Sum(b => b.Height) + layout.Margins.Bottom;

        var kept = body.Count;
        var shortened = false;
        var limit = layout.MaxHeight > 0 ? layout.MaxHeight : float.MaxValue;
        if (Total(kept, false) > limit)
        {
            shortened = true;
            while (kept > 0 && Total(kept, true) > limit)
            {
                kept--;
            }
            body = body.Take(kept).ToList();
            body.AddRange(PrintBlocks.Lines(fonts, Shortened, InnerWidth, layout.BodySize, true, _accent, Pitch(layout.BodySize)));
        }
        var card = top.Concat(body).Concat(bottom).ToList();
        var cardHeight = 2 * Pad + card.Sum(b => b.Height);
        var height = Math.Max(layout.PageHeight, Total(kept, shortened));
        return new PosterPlan(header, headerHeight, card, cardHeight, footer, (float)Math.Ceiling(height), shortened, picture);
    }

    private void Draw(SKCanvas canvas, NoticePrintRequest request, PosterPlan plan, List<PrintedText> texts)
    {
        canvas.Clear(Background);
        var y = layout.Margins.Top;
        using (var band = new SKPaint { Color = _accent, IsAntialias = true })
        {
            canvas.DrawRoundRect(SKRect.Create(CardLeft, y, CardWidth, plan.HeaderHeight), 20, 20, band);
        }
        var lineTop = y + Pad * 0.75f;
        foreach (var line in plan.Header)
        {
            PrintBlocks.Draw(canvas, fonts, line, InnerLeft, InnerWidth, lineTop, 1, texts);
            lineTop += line.Height;
        }
        y += plan.HeaderHeight + Gap * 2;

        using (var card = new SKPaint { Color = request.Priority == NoticePriority.Urgent ? UrgentBackground : Surface, IsAntialias = true })
        {
            canvas.DrawRoundRect(SKRect.Create(CardLeft, y, CardWidth, plan.CardHeight), 20, 20, card);
        }
        var top = y + Pad;
        foreach (var block in plan.Card)
        {
            PrintBlocks.Draw(canvas, fonts, block, InnerLeft, InnerWidth, top, 1, texts);
            top += block.Height;
        }
        y += plan.CardHeight + Gap * 2;
        foreach (var line in plan.Footer)
        {
            PrintBlocks.Draw(canvas, fonts, line, CardLeft, CardWidth, y, 1, texts);
            y += line.Height;
        }
    }
}
