using System.Collections.Concurrent;
using System.Text;
using SignageKiosk.Shared.Print.Fonts;
using SignageKiosk.Shared.Print.Text;
using SkiaSharp;
using SkiaSharp.HarfBuzz;

namespace SignageKiosk.Shared.Print.Skia;

/// <summary>
/// The Skia side of print text: which typeface draws each grapheme cluster (the layout's families in order, then
/// whatever fontconfig offers through <see cref="SKFontManager.MatchCharacter(int)"/>, emoji from the emoji
/// family), how wide it is, and drawing a line run by run. Chinese and Latin are drawn and measured with plain
/// advances (<see cref="SKFont.MeasureText(string, SKPaint)"/>): they need no shaping. Emoji runs go through
/// HarfBuzz (<see cref="SKShaper"/>), because a ZWJ sequence (👨‍👩‍👧), a flag or a skin tone is one glyph only
/// once shaped; they are measured the same way, so measuring and drawing stay the same numbers.
/// Typefaces are looked up once and kept: this object is meant to live as long as the process.
/// </summary>
public sealed class PrintFonts : IDisposable
{
    private readonly IReadOnlyList<string> _families;
    private readonly string _emojiFamily;
    private readonly ConcurrentDictionary<(string Family, bool Bold), SKTypeface?> _byFamily = new();
    private readonly ConcurrentDictionary<(int CodePoint, bool Bold), SKTypeface> _byCharacter = new();
    private readonly ConcurrentDictionary<(string Cluster, float Size, bool Bold), float> _widths = new();
    private readonly ConcurrentDictionary<(string Cluster, bool Bold), SKTypeface> _faces = new();
    private readonly ConcurrentDictionary<SKTypeface, SKShaper> _shapers = new();

    public PrintFonts(IReadOnlyList<string> families, string emojiFamily)
    {
        _families = families.Count > 0 ? families : throw new ArgumentException("At least one font family is needed.", nameof(families));
        _emojiFamily = emojiFamily;
    }

    /// <summary>The face whose line metrics set the line height: the first family that is installed.</summary>
    public SKTypeface Primary(bool bold) =>
        _families.Select(f => Family(f, bold)).FirstOrDefault(t => t is not null) ?? SKTypeface.Default;

    /// <summary>The typeface that has every code point of <paramref name="cluster"/>.</summary>
    public SKTypeface FaceFor(string cluster, bool bold) => _faces.GetOrAdd((cluster, bold), key => Choose(key.Cluster, key.Bold));

    private SKTypeface Choose(string cluster, bool bold)
    {
        if (Kinsoku.IsEmoji(cluster) && Family(_emojiFamily, false) is { } emoji && Has(emoji, Rune.GetRuneAt(cluster, 0).Value))
        {
            return emoji;
        }
        var codePoints = cluster.EnumerateRunes().Select(r => r.Value).Where(v => v is not (0x200D or 0xFE0E or 0xFE0F)).ToArray();
        foreach (var family in _families)
        {
            if (Family(family, bold) is { } face && codePoints.All(c => Has(face, c)))
            {
                return face;
            }
        }
        var first = codePoints.Length > 0 ? codePoints[0] : Rune.GetRuneAt(cluster, 0).Value;
        return _byCharacter.GetOrAdd((first, bold), key =>
            SKFontManager.Default.MatchCharacter(null, bold ? SKFontStyle.Bold : SKFontStyle.Normal, null, key.CodePoint) ?? Primary(key.Bold));
    }

    /// <summary>A cluster's advance at <paramref name="size"/> points, in the face that draws it.</summary>
    public float Measure(string cluster, float size, bool bold) =>
        _widths.GetOrAdd((cluster, size, bold), key =>
        {
            var face = FaceFor(key.Cluster, key.Bold);
            using var font = CreateFont(face, key.Size, key.Bold);
            return IsEmojiFace(face) ? Shaper(face).Shape(key.Cluster, font).Width : font.MeasureText(key.Cluster);
        });

    public Func<string, float> Measurer(float size, bool bold) => cluster => Measure(cluster, size, bold);

    /// <summary>Ascent (positive) and descent of the primary face: the line box.</summary>
    public (float Ascent, float Descent) LineMetrics(float size, bool bold)
    {
        using var font = CreateFont(Primary(bold), size, bold);
        var m = font.Metrics;
        return (-m.Ascent, m.Descent);
    }

    /// <summary>
    /// Draws one line from (x, baseline), a run per typeface, and returns each run's bounds: the advance box
    /// (ascent to descent) joined with the glyphs' ink, so a check of the bounds is a check of what was drawn.
    /// </summary>
    public IReadOnlyList<(string Text, SKRect Bounds)> DrawLine(SKCanvas? canvas, string text, float x, float baseline, float size, bool bold, SKPaint paint)
    {
        var runs = new List<(string, SKRect)>();
        foreach (var run in FontRuns.Split(text, c => FaceFor(c, bold)))
        {
            using var font = CreateFont(run.Face, size, bold);
            var advance = Kinsoku.Clusters(run.Text).Sum(c => Measure(c, size, bold));
            SKRect ink;
            if (IsEmojiFace(run.Face))
            {
                ink = DrawShaped(canvas, run.Text, x, baseline, font, paint);
                runs.Add((run.Text, Bounds(x, baseline, advance, ink)));
                x += advance;
                continue;
            }
            font.MeasureText(run.Text, out ink);
            // The advance across, the ink up and down: a face's ascent and descent (CJK faces' are tall) are room
            // it asks for, not where it draws.
            canvas?.DrawText(run.Text, x, baseline, SKTextAlign.Left, font, paint);
            runs.Add((run.Text, Bounds(x, baseline, advance, ink)));
            x += advance;
        }
        return runs;
    }

    private static SKRect Bounds(float x, float baseline, float advance, SKRect ink) => ink.IsEmpty
        ? new SKRect(x, baseline, x + advance, baseline)
        : new SKRect(Math.Min(x, x + ink.Left), baseline + ink.Top, Math.Max(x + advance, x + ink.Right), baseline + ink.Bottom);

    /// <summary>Shapes an emoji run with HarfBuzz and draws its glyphs; returns their ink relative to (x, baseline).</summary>
    private SKRect DrawShaped(SKCanvas? canvas, string text, float x, float baseline, SKFont font, SKPaint paint)
    {
        var shaped = Shaper(font.Typeface).Shape(text, font);
        var glyphs = shaped.Codepoints.Select(g => (ushort)g).ToArray();
        var ink = SKRect.Empty;
        var widths = new float[glyphs.Length];
        var boxes = new SKRect[glyphs.Length];
        font.GetGlyphWidths(glyphs, widths, boxes);
        for (var i = 0; i < glyphs.Length; i++)
        {
            var box = boxes[i];
            box.Offset(shaped.Points[i]);
            ink = ink.IsEmpty ? box : SKRect.Union(ink, box);
        }
        if (canvas is not null && glyphs.Length > 0)
        {
            using var builder = new SKTextBlobBuilder();
            builder.AddPositionedRun(glyphs, font, shaped.Points);
            using var blob = builder.Build();
            if (blob is not null)
            {
                canvas.DrawText(blob, x, baseline, paint);
            }
        }
        return ink;
    }

    private bool IsEmojiFace(SKTypeface face) => face.FamilyName == _emojiFamily;

    private SKShaper Shaper(SKTypeface face) => _shapers.GetOrAdd(face, f => new SKShaper(f));

    private static bool Has(SKTypeface face, int codePoint)
    {
        using var font = new SKFont(face);
        return font.ContainsGlyph(codePoint);
    }

    private SKFont CreateFont(SKTypeface face, float size, bool bold)
    {
        var font = new SKFont(face, size) { Subpixel = true, LinearMetrics = true };
        // A family without a bold face (WenQuanYi, the emoji font) is thickened rather than drawn light.
        font.Embolden = bold && !face.IsBold && face.FamilyName != _emojiFamily;
        return font;
    }

    private SKTypeface? Family(string family, bool bold) =>
        _byFamily.GetOrAdd((family, bold), key =>
        {
            var face = SKFontManager.Default.MatchFamily(key.Family, key.Bold ? SKFontStyle.Bold : SKFontStyle.Normal);
            // fontconfig answers every name with something; only the family asked for counts.
            if (face is not null && !string.Equals(face.FamilyName, key.Family, StringComparison.OrdinalIgnoreCase))
            {
                face.Dispose();
                return null;
            }
            return face is null ? null : Standalone(face);
        });

    /// <summary>
    /// A face from a .ttc loaded again as a font of its own, so that the PDF embeds only the glyphs used
    /// (see <see cref="FontCollection"/>). A face that cannot be read is used as it is.
    /// </summary>
    private static SKTypeface Standalone(SKTypeface face)
    {
        using var stream = face.OpenStream(out var index);
        if (stream is null || !stream.HasLength)
        {
            return face;
        }
        var bytes = new byte[stream.Length];
        if (stream.Read(bytes, bytes.Length) != bytes.Length)
        {
            return face;
        }
        using var data = SKData.CreateCopy(FontCollection.WithOutlinesOnlyEmbedding(FontCollection.ExtractFace(bytes, index)));
        var standalone = SKTypeface.FromData(data);
        if (standalone is null)
        {
            return face;
        }
        face.Dispose();
        return standalone;
    }

    public void Dispose()
    {
        foreach (var shaper in _shapers.Values)
        {
            shaper.Dispose();
        }
        _shapers.Clear();
        foreach (var face in _byFamily.Values.Concat(_byCharacter.Values).OfType<SKTypeface>().Distinct())
        {
            face.Dispose();
        }
        _byFamily.Clear();
        _byCharacter.Clear();
    }
}
