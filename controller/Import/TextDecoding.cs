using System.Text;
using SignageKiosk.Controller.Api;

namespace SignageKiosk.Controller.Import;

/// <summary>
/// Turns a CSV file's bytes into text. Excel in China saves "CSV" in GBK (GB18030 is its superset) and
/// "CSV UTF-8" with a BOM; other tools write UTF-8 without one. A BOM decides; otherwise bytes that are
/// valid UTF-8 are UTF-8 (GBK Chinese almost never is), and anything else is GB18030.
/// </summary>
public static class TextDecoding
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    static TextDecoding() => EnsureCodePages();

    /// <summary>Makes GB18030 and the other code pages available; registering the same provider again does nothing.</summary>
    public static void EnsureCodePages() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static (string Text, string Encoding) Decode(ReadOnlySpan<byte> bytes, string? declaredCharset)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return (Utf8(bytes[3..]) ?? throw ApiException.BadRequest("文件开头标明是 UTF-8，但内容不是有效的 UTF-8"), "utf-8");
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return (Encoding.Unicode.GetString(bytes[2..]), "utf-16le");
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return (Encoding.BigEndianUnicode.GetString(bytes[2..]), "utf-16be");
        }
        if (!string.IsNullOrWhiteSpace(declaredCharset))
        {
            Encoding declared;
            try
            {
                declared = Encoding.GetEncoding(declaredCharset.Trim('"'));
            }
            catch (ArgumentException)
            {
                throw ApiException.BadRequest($"不认识的字符编码“{declaredCharset}”，请用 UTF-8 或 GBK", "charset");
            }
            return (declared.GetString(bytes), declared.WebName);
        }
        if (Utf8(bytes) is { } text)
        {
            return (text, "utf-8");
        }
        var gb18030 = Encoding.GetEncoding("GB18030");
        return (gb18030.GetString(bytes), gb18030.WebName);
    }

    private static string? Utf8(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
