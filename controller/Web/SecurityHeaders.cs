using SignageKiosk.Shared.Security;

namespace SignageKiosk.Controller.Web;

/// <summary>
/// Content-Security-Policy (with a per-response nonce for the staff pages' few inline scripts and styles),
/// Referrer-Policy and nosniff on every response. Set when the response starts, so an error page written
/// later gets them too; assigned, never appended, so another middleware setting the same header leaves one value.
/// </summary>
public static class SecurityHeaders
{
    private const string NonceKey = "signage.csp-nonce";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var nonce = ContentSecurityPolicy.NewNonce();
        context.Items[NonceKey] = nonce;
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers[ContentSecurityPolicy.HeaderName] = ContentSecurityPolicy.Build(nonce, IsPreview(context.Request.Path));
            foreach (var (name, value) in ContentSecurityPolicy.OtherHeaders())
            {
                headers[name] = value;
            }
            return Task.CompletedTask;
        });
        await next(context);
    });

    /// <summary>The nonce an inline &lt;script&gt; or &lt;style&gt; in this response must carry.</summary>
    public static string CspNonce(this HttpContext context) =>
        context.Items[NonceKey] as string ?? throw new InvalidOperationException("UseSecurityHeaders must run before the pages");

    /// <summary>The rendered board the preview page shows in an iframe: framable by the staff pages themselves.</summary>
    private static bool IsPreview(PathString path) =>
        path.StartsWithSegments("/admin/previewrender", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/api/preview", StringComparison.OrdinalIgnoreCase);
}
