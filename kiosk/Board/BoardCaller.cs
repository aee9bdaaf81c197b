using System.Net;

namespace SignageKiosk.Kiosk.Board;

/// <summary>
/// Who may call the host's state-changing device routes: the board page this host served, on this machine. Checks the
/// loopback address, the Origin (absent, as from curl and the shell scripts, or the board's own loopback origin; a
/// page from any other origin, a rebound DNS name included, is refused) and the per-boot <see cref="BoardToken"/>.
/// </summary>
public static class BoardCaller
{
    public const string Refused = "only the board page this kiosk served may do this (missing or wrong " + BoardToken.Header + ", or another origin)";

    /// <summary>Refuses with 403 and changes nothing unless the caller is the board page.</summary>
    public static TBuilder RequireBoardPage<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
            Is(context.HttpContext, context.HttpContext.RequestServices.GetRequiredService<BoardToken>())
                ? await next(context)
                : Results.Json(new { error = Refused }, statusCode: StatusCodes.Status403Forbidden));

    public static bool Is(HttpContext http, BoardToken token) =>
        LocalCaller.Is(http) && IsOwnOriginOrNone(http) && token.Matches(http.Request.Headers[BoardToken.Header]);

    /// <summary>No Origin (not sent by a browser page), or exactly the origin of a board page on a loopback name.</summary>
    public static bool IsOwnOriginOrNone(HttpContext http)
    {
        string? origin = http.Request.Headers.Origin;
        if (origin is null)
        {
            return true;
        }
        return IsLoopbackHost(http.Request.Host)
            && string.Equals(origin, $"{http.Request.Scheme}://{http.Request.Host.Value}", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The page was asked for by a loopback name (127.0.0.1, localhost, [::1]). A page asked for by another name
    /// reached this host through a rebound DNS name and must not learn the token.
    /// </summary>
    public static bool IsLoopbackHost(HostString host)
    {
        if (!host.HasValue)
        {
            return false;
        }
        var name = host.Host.Trim('[', ']');
        return string.Equals(name, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(name, out var address) && IPAddress.IsLoopback(address));
    }

    /// <summary>The token to write into a page for this request, or null when the request did not come by a loopback name.</summary>
    public static string? TokenFor(HttpContext http, BoardToken token) => LocalCaller.Is(http) && IsLoopbackHost(http.Request.Host) ? token.Value : null;
}
