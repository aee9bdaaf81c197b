using Microsoft.Net.Http.Headers;

namespace SignageKiosk.Controller.Import;

/// <summary>The content types an import accepts and an export answers with.</summary>
public static class SheetFormats
{
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string Csv = "text/csv";
    public const string Xls = "application/vnd.ms-excel";

    /// <summary>
    /// .xlsx, .xls and CSV under the names browsers and tools give them; Windows with Excel installed labels a
    /// .csv file application/vnd.ms-excel too. The bytes decide which reader runs.
    /// </summary>
    private static readonly HashSet<string> Accepted = new(StringComparer.OrdinalIgnoreCase)
    {
        Xlsx, Csv, Xls, "application/csv", "text/comma-separated-values", "text/tab-separated-values",
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

    /// <summary>The compound-file header of the old binary .xls (and .doc, and a password-protected .xlsx).</summary>
    public static bool IsCompoundFile(ReadOnlySpan<byte> bytes) => bytes.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);

    /// <summary>
    /// A password-protected .xlsx: a compound file holding "EncryptedPackage" and "EncryptionInfo" streams
    /// (their names are UTF-16 in the file's directory).
    /// </summary>
    public static bool IsEncryptedPackage(ReadOnlySpan<byte> bytes) =>
        IsCompoundFile(bytes)
        && bytes.IndexOf(System.Text.Encoding.Unicode.GetBytes("EncryptedPackage")) >= 0
        && bytes.IndexOf(System.Text.Encoding.Unicode.GetBytes("EncryptionInfo")) >= 0;

    /// <summary>Whether a compound file names a "Workbook" (or, before Excel 97, "Book") stream, as every .xls does.</summary>
    public static bool HasWorkbookStream(ReadOnlySpan<byte> bytes) =>
        bytes.IndexOf(System.Text.Encoding.Unicode.GetBytes("Workbook")) >= 0 || bytes.IndexOf(System.Text.Encoding.Unicode.GetBytes("Book")) >= 0;

    /// <summary>
    /// Whether the bytes can be a CSV file: text has no control characters other than tab, line breaks, form
    /// feed and Ctrl+Z. A picture, a PDF or a program has them within its first bytes. UTF-16 text (with its byte
    /// order mark) is text too.
    /// </summary>
    public static bool LooksLikeText(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return true;
        }
        foreach (var b in bytes[..Math.Min(bytes.Length, 64 * 1024)])
        {
            // Tab, line breaks, form feed, and the end-of-file mark (Ctrl+Z) old DOS tools leave at the end.
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0C or 0x1A))
            {
                return false;
            }
        }
        return true;
    }
}
