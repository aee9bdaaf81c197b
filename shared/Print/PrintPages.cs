using SkiaSharp;

namespace SignageKiosk.Shared.Print;

/// <summary>The page loop every print renderer shares: all pages into one PDF, or one page as a PNG at a chosen resolution.</summary>
public static class PrintPages
{
    /// <summary>Draws <paramref name="pages"/> pages (from 0) into a PDF.</summary>
    public static void Pdf(Stream output, PrintLayout layout, string title, int pages, Action<SKCanvas, int> drawPage)
    {
        var metadata = new SKDocumentPdfMetadata
        {
            Title = title,
            Creator = "SignageKiosk",
            Producer = "SignageKiosk (SkiaSharp)",
            // Emoji are colour bitmaps: 300 dpi keeps them crisp on paper.
            RasterDpi = 300,
        };
        using var document = SKDocument.CreatePdf(output, metadata);
        for (var page = 0; page < pages; page++)
        {
            var canvas = document.BeginPage(layout.PageWidth, layout.PageHeight);
            drawPage(canvas, page);
            document.EndPage();
        }
        document.Close();
    }

    /// <summary>Draws page <paramref name="page"/> (from 1) of <paramref name="pages"/> as a PNG at <paramref name="dpi"/> (300 for print, 100 to look at).</summary>
    public static void Png(Stream output, PrintLayout layout, int page, int pages, float dpi, Action<SKCanvas, int> drawPage)
    {
        if (page < 1 || page > pages)
        {
            throw new ArgumentOutOfRangeException(nameof(page), page, $"There are {pages} page(s).");
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
        drawPage(canvas, page - 1);
        canvas.Flush();
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        png.SaveTo(output);
    }
}
