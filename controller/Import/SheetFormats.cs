using Microsoft.Net.Http.Headers;

namespace SignageKiosk.Controller.Import;

/// <summary>The content types an import accepts and an export answers with.</summary>
public static class SheetFormats
{
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string Csv = "text/csv";

    /// <summary>
    /// CSV under the names browsers and tools give it; Windows with Excel installed labels a .csv file
    /// application/vnd.ms-excel. The bytes decide which reader runs.
    /// </summary>
    private static readonly HashSet<string> Accepted = new(StringComparer.OrdinalIgnoreCase)
    {
        Xlsx, Csv, "application/csv", "text/comma-separated-values", "text/tab-separated-values", "application/vnd.ms-excel",
    };

    public static bool TryParse(string? contentType, out string mediaType, out string? charset)
    {
        mediaType = "";
        charset = null;
        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed) || !Accepted.Contains(parsed.MediaType.Value ?? ""))
        {
            return false;
        }
        mediaType = parsed.MediaType.Value!;
        charset = parsed.Charset.HasValue ? parsed.Charset.Value : null;
        return true;
    }

    public static bool IsZip(ReadOnlySpan<byte> bytes) => bytes.StartsWith("PK\u0003\u0004"u8);

    /// <summary>The compound-file header of the old binary .xls (and .doc) formats.</summary>
    public static bool IsLegacyOffice(ReadOnlySpan<byte> bytes) => bytes.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
}
