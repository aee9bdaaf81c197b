using SignageKiosk.Controller.Api;
using SignageKiosk.Shared.Print;

namespace SignageKiosk.Controller.Print;

/// <summary>The format and page checks every print route makes, and the file that comes out (as for the roster).</summary>
public static class PrintFormat
{
    /// <summary>"pdf" (the default) or "png"; anything else is a 400 in Chinese.</summary>
    public static string Parse(string? format, int? page)
    {
        format = string.IsNullOrEmpty(format) ? "pdf" : format.ToLowerInvariant();
        if (format is not ("pdf" or "png"))
        {
            throw ApiException.BadRequest("format 只能是 pdf 或 png", "format");
        }
        if (format == "pdf" && page is not null)
        {
            throw ApiException.BadRequest("page 只用于 png：PDF 总是包含全部页面", "page");
        }
        return format;
    }

    /// <summary>Renders the PDF, or the page asked for (the first by default) as a 300 dpi PNG.</summary>
    public static PrintFile Render(string format, int? page, string name, Func<Stream, PrintReport> pdf, Func<int> countPages, Func<int, Stream, PrintReport> png)
    {
        using var output = new MemoryStream();
        if (format == "pdf")
        {
            pdf(output);
            return new PrintFile(output.ToArray(), "application/pdf", name + ".pdf");
        }
        var pages = countPages();
        var wanted = page ?? 1;
        if (wanted < 1 || wanted > pages)
        {
            throw ApiException.BadRequest($"第 {wanted} 页不存在：共 {pages} 页", "page");
        }
        png(wanted, output);
        return new PrintFile(output.ToArray(), "image/png", pages > 1 ? $"{name}-第{wanted}页.png" : name + ".png");
    }
}
