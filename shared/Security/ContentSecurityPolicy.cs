using System.Security.Cryptography;

namespace SignageKiosk.Shared.Security;

/// <summary>
/// The Content-Security-Policy of the board (kiosk), the preview and the staff pages (controller): only the
/// hosts' own scripts and styles run, plus inline ones carrying this response's nonce, so markup that ever
/// slipped past the encoder could not run script; no plugin, no &lt;base&gt;, forms post only home, and no other
/// site may frame the pages (clickjacking a staff form).
/// </summary>
public static class ContentSecurityPolicy
{
    public const string HeaderName = "Content-Security-Policy";

    /// <summary>A fresh nonce for one response: 128 random bits, base64.</summary>
    public static string NewNonce() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));

    /// <param name="nonce">The response's nonce for inline &lt;script&gt;/&lt;style&gt;; null when the page has none.</param>
    /// <param name="framedBySameOrigin">Only the preview: the staff preview page frames it.</param>
    public static string Build(string? nonce, bool framedBySameOrigin = false)
    {
        var inline = nonce is null ? "" : $" 'nonce-{nonce}'";
        return string.Join("; ",
            "default-src 'self'",
            $"script-src 'self'{inline}",
            $"style-src 'self'{inline}",
            // Style attributes only (layout grids from data, a few staff-page tweaks); never <style> or script.
            "style-src-attr 'unsafe-inline'",
            // QR codes and pictures are served by the host; data: for small inline images.
            "img-src 'self' data:",
            // Read-aloud plays the host's WAV through a blob: URL.
            "media-src 'self' blob:",
            "connect-src 'self'",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            framedBySameOrigin ? "frame-ancestors 'self'" : "frame-ancestors 'none'");
    }

    /// <summary>The other headers every page gets: no referrer to other sites, no MIME sniffing.</summary>
    public static IEnumerable<(string Name, string Value)> OtherHeaders() =>
    [
        ("Referrer-Policy", "no-referrer"),
        ("X-Content-Type-Options", "nosniff"),
    ];
}
