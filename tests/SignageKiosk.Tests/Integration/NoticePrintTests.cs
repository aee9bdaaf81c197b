using SignageKiosk.Shared.Notices;
using SignageKiosk.Shared.Print;
using SignageKiosk.Shared.Print.Skia;
using SignageKiosk.Tests.Support;
using SkiaSharp;
using Xunit.Abstractions;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// The printed notice (A4) and the phone poster, read back with real tools: pdftotext for the words, pdftoppm then
/// zbarimg for the QR code, the renderers' text bounds for "nothing clipped".
/// </summary>
public sealed class NoticePrintTests(ITestOutputHelper output)
{
    private static readonly PrintFonts Fonts = new(PrintLayouts.Get(PrintLayouts.Notice).Fonts, PrintLayouts.Get(PrintLayouts.Notice).EmojiFont);
    private const string Url = "http://127.0.0.1:5080/n/notice-water-0512";

    private static NoticePrintRequest Request(string body, byte[]? picture = null) => new()
    {
        Title = "关于12月8日小区停水的通知",
        Body = body,
        Category = NoticeCategory.Outage,
        Priority = NoticePriority.Urgent,
        ValidityText = "2026年12月5日 至 2026年12月8日",
        StationName = "丹桂苑红色驿站",
        Picture = picture,
        Url = Url,
        PrintedOn = new DateOnly(2026, 12, 5),
    };

    private const string Body = "各位居民：\n因市政供水管网改造，12月8日（周一）8:00至18:00小区全部楼栋停水。请提前储水，关好水龙头。\n" +
        "停水期间驿站提供桶装饮用水，可到1栋楼下领取。如有困难请拨打物业电话 0571-88886666。\n感谢大家的理解与支持！";

    private static byte[] Picture(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            using var paint = new SKPaint { Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(width, height), [new SKColor(0x2E, 0x7D, 0xB5), new SKColor(0xF4, 0xEF, 0xE6)], SKShaderTileMode.Clamp) };
            canvas.DrawRect(0, 0, width, height, paint);
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 85);
        return data.ToArray();
    }

    private static NoticePrintRenderer Printer() => new(PrintLayouts.Get(PrintLayouts.Notice), Fonts);
    private static NoticePosterRenderer Poster() => new(PrintLayouts.Get(PrintLayouts.Poster), Fonts);

    private static (string Path, PrintReport Report) Pdf(NoticePrintRequest request, string name)
    {
        var path = Path.Combine(Repo.TempDirectory("notice-print"), name + ".pdf");
        using var file = File.Create(path);
        return (path, Printer().RenderPdf(request, file));
    }

    private static (string Path, PosterReport Report) Png(NoticePrintRequest request, string name, float scale = 1)
    {
        var path = Path.Combine(Repo.TempDirectory("notice-poster"), name + ".png");
        using var file = File.Create(path);
        return (path, Poster().RenderPng(request, file, scale));
    }

    private static void AssertInside(IEnumerable<PrintedText> texts, SKRect area)
    {
        Assert.NotEmpty(texts);
        foreach (var text in texts)
        {
            var b = text.Bounds;
            Assert.True(b.Left >= area.Left - 0.01 && b.Right <= area.Right + 0.01 && b.Top >= area.Top - 0.01 && b.Bottom <= area.Bottom + 0.01,
                $"page {text.Page}: '{text.Text[..Math.Min(30, text.Text.Length)]}' at {b} is outside {area}");
        }
    }

    [Fact]
    public void The_notice_page_reads_in_order_and_its_qr_code_opens_the_notice()
    {
        var (pdf, report) = Pdf(Request(Body, Picture(1200, 800)), "notice");
        Assert.Equal(1, report.Pages);
        AssertInside(report.Texts, report.ContentArea);

        var text = PrintTools.NoSpaces(PrintTools.PdfText(pdf));
        var at = 0;
        foreach (var part in new[] { "停水停电·紧急", "关于12月8日小区停水的通知", "有效期：2026年12月5日至2026年12月8日", "发布：丹桂苑红色驿站", "各位居民：",
                     "因市政供水管网改造，12月8日（周一）8:00至18:00小区全部楼栋停水。", "感谢大家的理解与支持！", "扫码在手机上阅读" })
        {
            var next = text.IndexOf(part, at, StringComparison.Ordinal);
            Assert.True(next >= at, $"'{part}' is missing or out of order in:\n{text}");
            at = next + part.Length;
        }

        // The QR code, as a phone would see the paper: rasterised at 150 dpi, decoded by zbar.
        Assert.Equal([Url], PrintTools.QrCodes(PrintTools.Rasterise(pdf, 1)));
        // Vector modules: the page holds the picture and no other image (a bitmap QR would be a second one).
        var images = PrintTools.Run("pdfimages", "-list", pdf).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToList();
        Assert.Single(images);

        var size = new FileInfo(pdf).Length;
        output.WriteLine($"one-page notice PDF with a picture: {size:N0} bytes");
        Assert.True(size < 1_500_000, $"a one-page notice is {size:N0} bytes");

        var png = Path.Combine(Path.GetDirectoryName(pdf)!, "notice-100dpi.png");
        using (var file = File.Create(png))
        {
            Printer().RenderPng(Request(Body, Picture(1200, 800)), 1, 100, file);
        }
        output.WriteLine($"page at 100 dpi: {png} ({new FileInfo(png).Length:N0} bytes)");
        Assert.Equal([Url], PrintTools.QrCodes(png));
    }

    [Fact]
    public void The_poster_is_1080_wide_in_the_board_colours_and_its_qr_code_opens_the_notice()
    {
        var (png, report) = Png(Request(Body, Picture(1200, 800)), "poster");
        Assert.Equal(1080, report.Width);
        Assert.False(report.Shortened);
        AssertInside(report.Texts, report.ContentArea);
        Assert.Equal([Url], PrintTools.QrCodes(png));
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal(report.Height, bitmap.Height);
        Assert.Equal(new SKColor(0xF4, 0xEF, 0xE6), bitmap.GetPixel(5, 5)); // --bg
        Assert.Equal(new SKColor(0x8E, 0x12, 0x12), bitmap.GetPixel(540, 60)); // the station band, --accent
        var joined = string.Concat(report.Texts.Select(t => t.Text));
        Assert.Contains("丹桂苑红色驿站", joined);
        Assert.Contains("关于12月8日小区停水的通知", joined);
        output.WriteLine($"poster: {report.Width}×{report.Height}, {new FileInfo(png).Length:N0} bytes: {png}");

        var (small, smallReport) = Png(Request(Body, Picture(1200, 800)), "poster-half", 0.5f);
        Assert.Equal(540, smallReport.Width);
        output.WriteLine($"poster at half size: {new FileInfo(small).Length:N0} bytes: {small}");
    }

    [Fact]
    public void A_long_token_emoji_and_mixed_text_wrap_onto_more_pages_and_a_taller_poster_without_clipping()
    {
        var token = new string('Z', 5000);
        var body = "请注意🚰停水通知 Water outage notice：12月8日 8:00–18:00 停水。👨‍👩‍👧 家庭请提前储水。\n" + token + "\n结束 The end。";
        var (pdf, report) = Pdf(Request(body), "long");
        Assert.True(report.Pages >= 2, $"{report.Pages} page(s)");
        AssertInside(report.Texts, report.ContentArea);
        Assert.Contains(report.Texts, t => t.Text.Contains("🚰", StringComparison.Ordinal));
        Assert.Contains(report.Texts, t => t.Text.Contains("👨‍👩‍👧", StringComparison.Ordinal));
        var text = PrintTools.PdfText(pdf);
        // Every character of the token is on paper, none lost at a margin or a page end.
        Assert.Equal(5000, text.Count(c => c == 'Z'));
        var flat = PrintTools.NoSpaces(text);
        Assert.True(flat.IndexOf("WateroutagenoticeE", StringComparison.Ordinal) < 0);
        Assert.Contains("结束Theend。", flat);
        Assert.Contains($"第{report.Pages}页/共{report.Pages}页", flat);
        for (var page = 2; page <= report.Pages; page++)
        {
            Assert.Contains("关于12月8日小区停水的通知（续）", PrintTools.NoSpaces(PrintTools.PdfText(pdf, page)));
        }
        Assert.Equal([Url], PrintTools.QrCodes(PrintTools.Rasterise(pdf, 1)));

        var (png, poster) = Png(Request(body), "long-poster");
        var (_, shortPoster) = Png(Request("短通知。"), "short-poster");
        Assert.False(poster.Shortened);
        Assert.True(poster.Height > shortPoster.Height + 2000, $"{poster.Height} vs {shortPoster.Height}");
        AssertInside(poster.Texts, poster.ContentArea);
        Assert.Equal(5000, poster.Texts.Sum(t => t.Text.Count(c => c == 'Z')));
        Assert.Equal([Url], PrintTools.QrCodes(png));
    }

    [Fact]
    public void A_body_too_long_for_the_tallest_poster_is_shortened_and_says_so()
    {
        var body = string.Concat(Enumerable.Repeat("这是一段很长的通知正文，用来检验海报的最大高度。", 400));
        var (png, poster) = Png(Request(body), "longest-poster");
        Assert.True(poster.Shortened);
        Assert.True(poster.Height <= PrintLayouts.Get(PrintLayouts.Poster).MaxHeight);
        Assert.Contains(poster.Texts, t => t.Text.Contains("全文较长", StringComparison.Ordinal));
        AssertInside(poster.Texts, poster.ContentArea);
        // A phone shows a screenful of a 20,000-pixel poster at a time (zbar, too, finds nothing in the whole strip):
        // the code is read from the poster's last 1,600 pixels, where it is.
        Assert.Equal([Url], PrintTools.QrCodes(Crop(png, 1600)));
    }

    private static string Crop(string png, int bottom)
    {
        using var bitmap = SKBitmap.Decode(png);
        using var part = new SKBitmap(bitmap.Width, bottom);
        Assert.True(bitmap.ExtractSubset(part, SKRectI.Create(0, bitmap.Height - bottom, bitmap.Width, bottom)));
        var path = Path.ChangeExtension(png, ".bottom.png");
        using var image = SKImage.FromBitmap(part);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
        return path;
    }

    [Fact]
    public void The_shipped_notice_and_poster_layouts_are_valid()
    {
        var none = new HashSet<string>();
        Assert.Empty(PrintLayouts.Validate(PrintLayouts.Get(PrintLayouts.Notice), none));
        Assert.Empty(PrintLayouts.Validate(PrintLayouts.Get(PrintLayouts.Poster), none));
        Assert.Contains(PrintLayouts.Validate(PrintLayouts.Get(PrintLayouts.Poster) with { MaxHeight = 100 }, none), p => p.Contains("maxHeight", StringComparison.Ordinal));
        // QRCoder's matrix carries the quiet zone: four light modules on every side.
        var matrix = QrModules.Matrix(Url);
        Assert.All(matrix.Take(4).Concat(matrix.TakeLast(4)), row => Assert.DoesNotContain(true, row));
        Assert.All(matrix, row => Assert.False(row.Take(4).Any(m => m) || row.TakeLast(4).Any(m => m)));
    }
}
