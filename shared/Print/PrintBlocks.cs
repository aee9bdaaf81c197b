using SignageKiosk.Shared.Print.Skia;
using SignageKiosk.Shared.Print.Text;
using SkiaSharp;

namespace SignageKiosk.Shared.Print;

/// <summary>
/// Running content as a column of blocks (a line of text, a gap, a rule, a picture, a QR code), each with its
/// height, so the notice page can split it between pages and the poster can add it up. Lines come from the shared
/// <see cref="LineBreaker"/>; nothing here decides where lines break.
/// </summary>
internal abstract record PrintBlock(float Height);

internal sealed record TextBlock(string Text, float Size, bool Bold, SKColor Color, float Pitch, bool Centred = false) : PrintBlock(Pitch);

internal sealed record GapBlock(float Gap) : PrintBlock(Gap);

internal sealed record RuleBlock(float Space, SKColor Color, float Thickness) : PrintBlock(Space);

internal sealed record PictureBlock(SKImage Image, float Width, float PictureHeight) : PrintBlock(PictureHeight);

internal sealed record QrBlock(string Url, float Size, SKColor Dark) : PrintBlock(Size);

internal static class PrintBlocks
{
    /// <summary>The lines of <paramref name="text"/> as text blocks; an empty paragraph keeps its height.</summary>
    public static IEnumerable<TextBlock> Lines(PrintFonts fonts, string text, float width, float size, bool bold, SKColor color, float pitch, bool centred = false) =>
        LineBreaker.Break(text, width, fonts.Measurer(size, bold)).Select(l => new TextBlock(l.Text, size, bold, color, pitch, centred));

    /// <summary>The picture scaled into (width × maxHeight), aspect kept; null when the bytes do not decode.</summary>
    public static PictureBlock? Picture(byte[]? bytes, float width, float maxHeight)
    {
        if (bytes is not { Length: > 0 })
        {
            return null;
        }
        var image = SKImage.FromEncodedData(bytes);
        if (image is null || image.Width == 0 || image.Height == 0)
        {
            image?.Dispose();
            return null;
        }
        var scale = Math.Min(width / image.Width, maxHeight / image.Height);
        return new PictureBlock(image, image.Width * scale, image.Height * scale);
    }

    /// <summary>Draws a block with its top at <paramref name="top"/> across [left, left + width]; text runs go to <paramref name="texts"/>.</summary>
    public static void Draw(SKCanvas canvas, PrintFonts fonts, PrintBlock block, float left, float width, float top, int page, List<PrintedText> texts)
    {
        switch (block)
        {
            case TextBlock line when line.Text.Length > 0:
            {
                var (ascent, descent) = fonts.LineMetrics(line.Size, line.Bold);
                var baseline = top + (line.Pitch - ascent - descent) / 2 + ascent;
                var x = left;
                if (line.Centred)
                {
                    var advance = Kinsoku.Clusters(line.Text).Sum(c => fonts.Measure(c, line.Size, line.Bold));
                    x += Math.Max(0, (width - advance) / 2);
                }
                using var paint = new SKPaint { Color = line.Color, IsAntialias = true };
                foreach (var (text, bounds) in fonts.DrawLine(canvas, line.Text, x, baseline, line.Size, line.Bold, paint))
                {
                    texts.Add(new PrintedText(page, text, bounds));
                }
                break;
            }
            case RuleBlock rule:
            {
                using var paint = new SKPaint { Color = rule.Color, StrokeWidth = rule.Thickness, Style = SKPaintStyle.Stroke, IsAntialias = true };
                var y = top + rule.Space / 2;
                canvas.DrawLine(left, y, left + width, y, paint);
                break;
            }
            case PictureBlock picture:
            {
                var x = left + (width - picture.Width) / 2;
                using var paint = new SKPaint { IsAntialias = true };
                canvas.DrawImage(picture.Image, SKRect.Create(x, top, picture.Width, picture.PictureHeight), new SKSamplingOptions(SKCubicResampler.Mitchell), paint);
                break;
            }
            case QrBlock qr:
                QrModules.Draw(canvas, qr.Url, left + (width - qr.Size) / 2, top, qr.Size, qr.Dark, SKColors.White);
                break;
        }
    }
}
