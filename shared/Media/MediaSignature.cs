namespace SignageKiosk.Shared.Media;

/// <summary>
/// Whether a file's first bytes are what its declared type says. An upload that claims to be an image must
/// be one; SVG is not accepted at all, since it can carry script.
/// </summary>
public static class MediaSignature
{
    public static readonly IReadOnlyList<string> Types = ["image/png", "image/jpeg", "image/webp", "image/gif", "application/pdf"];

    public static bool Matches(string contentType, ReadOnlySpan<byte> head) => contentType.ToLowerInvariant() switch
    {
        "image/png" => head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        "image/jpeg" => head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]),
        "image/gif" => head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8),
        "image/webp" => head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8),
        "application/pdf" => head.StartsWith("%PDF-"u8),
        _ => false,
    };

    /// <summary>The accepted type the bytes are, whatever was declared; null for none of them.</summary>
    public static string? Sniff(ReadOnlySpan<byte> head)
    {
        foreach (var type in Types)
        {
            if (Matches(type, head))
            {
                return type;
            }
        }
        return null;
    }
}
