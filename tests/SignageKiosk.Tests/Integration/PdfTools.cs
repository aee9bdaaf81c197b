using SignageKiosk.Shared.Print;

using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>poppler-utils as a reader would use them (pdftotext, pdfinfo, pdftoppm), and checks on a print report.</summary>
public static class PdfTools
{
    public static string Tool(string file, params string[] arguments) => PrintTools.Run(file, arguments);

    /// <summary>pdftotext -layout, runs of spaces made one (poppler spaces words by their gaps).</summary>
    public static string Text(string pdf, int? page = null)
    {
        var text = page is { } p ? Tool("pdftotext", "-layout", "-f", $"{p}", "-l", $"{p}", pdf, "-") : Tool("pdftotext", "-layout", pdf, "-");
        return System.Text.RegularExpressions.Regex.Replace(text, "[ \t]+", " ");
    }

    public static string NoSpaces(string text) => PrintTools.NoSpaces(text);

    /// <summary>Each of <paramref name="words"/> found in <paramref name="text"/>, in that order.</summary>
    public static void AssertInOrder(string text, IEnumerable<string> words)
    {
        var at = 0;
        foreach (var word in words)
        {
            var next = text.IndexOf(word, at, StringComparison.Ordinal);
            Assert.True(next >= at, $"'{word}' is missing or out of order in:\n{text}");
            at = next + word.Length;
        }
    }

    public static void AssertInsideMargins(PrintReport report)
    {
        Assert.NotEmpty(report.Texts);
        var area = report.ContentArea;
        foreach (var text in report.Texts)
        {
            var b = text.Bounds;
            Assert.True(b.Left >= area.Left - 0.01 && b.Right <= area.Right + 0.01 && b.Top >= area.Top - 0.01 && b.Bottom <= area.Bottom + 0.01,
                $"page {text.Page}: '{text.Text}' at {b} is outside the margins {area}");
        }
    }

    public static (int Width, int Height) PngSize(string path)
    {
        var header = File.ReadAllBytes(path).AsSpan(16, 8);
        return (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header[4..]));
    }
}
