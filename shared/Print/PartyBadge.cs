using SignageKiosk.Shared.Print.Skia;
using SkiaSharp;

namespace SignageKiosk.Shared.Print;

/// <summary>
/// The Party badge beside a member's name, drawn as vector (a red disc, a gold ring and 党 in gold), so it prints
/// sharp at any resolution and costs no image in the PDF. The same mark the board shows as a red "党" badge.
/// </summary>
internal static class PartyBadge
{
    public static readonly SKColor Gold = new(0xFF, 0xD7, 0x00);

    public static IReadOnlyList<(string Text, SKRect Bounds)> Draw(SKCanvas canvas, PrintFonts fonts, float x, float top, float size, SKColor red)
    {
        var radius = size / 2;
        var center = new SKPoint(x + radius, top + radius);
        var glyphSize = size * 0.62f;
        var (ascent, descent) = fonts.LineMetrics(glyphSize, bold: true);
        var width = fonts.Measure("党", glyphSize, bold: true);
        var baseline = center.Y + (ascent - descent) / 2;
        using var disc = new SKPaint { Color = red, IsAntialias = true, Style = SKPaintStyle.Fill };
        canvas.DrawCircle(center, radius, disc);
        using var ring = new SKPaint { Color = Gold, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = size * 0.07f };
        canvas.DrawCircle(center, radius - size * 0.1f, ring);
        using var glyph = new SKPaint { Color = Gold, IsAntialias = true };
        return fonts.DrawLine(canvas, "党", center.X - width / 2, baseline, glyphSize, true, glyph);
    }
}
