using SignageKiosk.Shared.Print.Fonts;
using SignageKiosk.Shared.Print.Skia;
using SkiaSharp;

namespace SignageKiosk.Tests.Integration;

/// <summary>Font fallback per character with the fonts installed by .ci/setup (fontconfig, real files).</summary>
public sealed class PrintFontsTests
{
    private static readonly PrintFonts Fonts = new(["WenQuanYi Micro Hei", "Noto Sans CJK SC"], "Noto Color Emoji");

    [Theory]
    [InlineData("驿", "WenQuanYi Micro Hei")]
    [InlineData("A", "WenQuanYi Micro Hei")]
    [InlineData("5", "WenQuanYi Micro Hei")]
    [InlineData("🙂", "Noto Color Emoji")]
    [InlineData("👨‍👩‍👧", "Noto Color Emoji")]
    [InlineData("❤️", "Noto Color Emoji")]
    [InlineData("⽰", "Noto Sans CJK SC")]   // a Kangxi radical: WenQuanYi has none, Noto has it
    public void Each_character_is_drawn_by_a_face_that_has_it(string cluster, string family)
    {
        Assert.Equal(family, Fonts.FaceFor(cluster, bold: false).FamilyName);
        Assert.True(Fonts.Measure(cluster, 12, bold: false) > 0);
    }

    [Fact]
    public void A_character_no_listed_family_has_comes_from_fontconfig()
    {
        var face = Fonts.FaceFor("∰", bold: false); // U+2230 volume integral: DejaVu has it
        Assert.NotEqual("WenQuanYi Micro Hei", face.FamilyName);
        using var font = new SKFont(face, 12);
        Assert.True(font.ContainsGlyph(0x2230));
    }

    [Fact]
    public void A_face_taken_out_of_a_collection_loads_as_a_font_of_its_own()
    {
        var ttc = File.ReadAllBytes("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc");
        Assert.True(FontCollection.IsCollection(ttc));
        var face = FontCollection.ExtractFace(ttc, 1);
        Assert.False(FontCollection.IsCollection(face));
        Assert.True(face.Length < ttc.Length);
        using var data = SKData.CreateCopy(face);
        using var typeface = SKTypeface.FromData(data);
        Assert.NotNull(typeface);
        Assert.Equal("WenQuanYi Micro Hei Mono", typeface.FamilyName);
        using var font = new SKFont(typeface, 12);
        Assert.True(font.ContainsGlyph('驿'));
        Assert.Throws<InvalidDataException>(() => FontCollection.ExtractFace(ttc, 2));
    }
}
