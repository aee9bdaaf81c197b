using System.Globalization;
using Microsoft.Extensions.Options;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Observability;
using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Controller.Admission;

/// <summary>
/// At the kiosk hub's door, before the credential checks and the WebSocket upgrade: a kiosk handshake beyond what
/// the node serves at once is refused at once, with 503 and a Retry-After, having cost no database work. Everything
/// else (health, staff pages, the API) never passes through the limit.
/// </summary>
public sealed class KioskAdmissionMiddleware(RequestDelegate next, KioskAdmission admission, ControllerMetrics metrics, IOptions<AdmissionOptions> options, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest || !context.Request.Path.StartsWithSegments(SyncProtocol.HubPath, StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }
        using var ticket = await admission.TryAdmitAsync(context.RequestAborted);
        if (ticket is null)
        {
            metrics.AdmissionRefused();
            context.Response.Headers.RetryAfter = admission.RetryAfterSeconds().ToString(CultureInfo.InvariantCulture);
            await ApiProblem.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "控制器正忙于接入其他屏幕，请按 Retry-After 稍后重试");
            return;
        }
        context.Features.Set(ticket);
        // A kiosk that never gets as far as its first Ack must not hold its place for the connection's whole life.
        await using var timeout = time.CreateTimer(static state => ((AdmissionTicket)state!).Dispose(), ticket, options.Value.HandshakeTimeout, Timeout.InfiniteTimeSpan);
        await next(context);
    }
}
