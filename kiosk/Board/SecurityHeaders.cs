using SignageKiosk.Shared.Security;

namespace SignageKiosk.Kiosk.Board;

/// <summary>
/// Content-Security-Policy, Referrer-Policy and nosniff on everything the kiosk host serves. The board has no
/// inline script or style element (its config is a JSON data block, not script), so it needs no nonce.
/// </summary>
public static class SecurityHeaders
{
    private static readonly string Policy = ContentSecurityPolicy.Build(nonce: null);

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers[ContentSecurityPolicy.HeaderName] = Policy;
            foreach (var (name, value) in ContentSecurityPolicy.OtherHeaders())
            {
                headers[name] = value;
            }
            return Task.CompletedTask;
        });
        await next(context);
    });
}
