using System.Net;
using Microsoft.Extensions.Options;
using SignageKiosk.Controller.Api;

namespace SignageKiosk.Controller.Observability;

/// <summary>
/// The gate in front of the Prometheus exporter. Prometheus scrapes without a staff cookie, so the caller is told by its
/// address: the peer of the TCP connection must be loopback or in Metrics:AllowedNetworks. A request that came through
/// a proxy (it carries Forwarded or X-Forwarded-For) is refused whatever the peer: the peer is then the proxy, and a
/// proxy on this machine would otherwise make every caller look local. Prometheus scrapes each node directly.
/// </summary>
public sealed class MetricsAccess(IOptions<MetricsOptions> options)
{
    private readonly IReadOnlyList<IPNetwork> _networks = options.Value.Networks();

    public bool Allows(HttpContext http)
    {
        if (http.Request.Headers.ContainsKey("Forwarded") || http.Request.Headers.ContainsKey("X-Forwarded-For"))
        {
            return false;
        }
        if (http.Connection.RemoteIpAddress is not { } peer)
        {
            return false;
        }
        if (peer.IsIPv4MappedToIPv6)
        {
            peer = peer.MapToIPv4();
        }
        return IPAddress.IsLoopback(peer) || _networks.Any(network => network.Contains(peer));
    }

    /// <summary>The exporter's branch: refused callers get 403 and a reason, and never reach the exporter.</summary>
    public static void Gate(IApplicationBuilder branch) => branch.Use(async (http, next) =>
    {
        if (!http.RequestServices.GetRequiredService<MetricsAccess>().Allows(http))
        {
            await ApiProblem.WriteAsync(http, StatusCodes.Status403Forbidden, "运行指标只对本机和 Metrics:AllowedNetworks 中的监控地址开放");
            return;
        }
        await next(http);
    });
}
