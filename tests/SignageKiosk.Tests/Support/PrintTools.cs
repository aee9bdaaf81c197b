using System.Diagnostics;

namespace SignageKiosk.Tests.Support;

/// <summary>The tools a person would read print output with: poppler (pdftotext, pdftoppm) and zbar (zbarimg).</summary>
public static class PrintTools
{
    public static string Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException(file + " did not start (apt-get install poppler-utils zbar-tools)");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        // zbarimg answers 4 when it finds no code: that is a failure of the picture, said as such.
        return process.ExitCode == 0 ? stdout.Result : throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {stderr}");
    }

    /// <summary>pdftotext in reading order (no -layout), for checking what follows what.</summary>
    public static string PdfText(string pdf, int? page = null) =>
        page is { } p ? Run("pdftotext", "-f", $"{p}", "-l", $"{p}", pdf, "-") : Run("pdftotext", pdf, "-");

    /// <summary>Page <paramref name="page"/> of a PDF rasterised with pdftoppm at <paramref name="dpi"/>: the PNG's path.</summary>
    public static string Rasterise(string pdf, int page, int dpi = 150)
    {
        var prefix = Path.Combine(Path.GetDirectoryName(pdf)!, Path.GetFileNameWithoutExtension(pdf) + $"-p{page}");
        Run("pdftoppm", "-png", "-r", $"{dpi}", "-f", $"{page}", "-l", $"{page}", "-singlefile", pdf, prefix);
        return prefix + ".png";
    }

    /// <summary>Every QR code zbarimg finds in an image, decoded.</summary>
    public static IReadOnlyList<string> QrCodes(string image) =>
        Run("zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", image).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public static string NoSpaces(string text) => System.Text.RegularExpressions.Regex.Replace(text, "\\s+", "");
}
