using SignageKiosk.Controller.Settings;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace SignageKiosk.Controller.Admission;

/// <summary>Kiosk admission after a restart (docs/decisions/0039).</summary>
public static class AdmissionServices
{
    public static IServiceCollection AddKioskAdmission(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCheckedOptions<AdmissionOptions>(configuration, AdmissionOptions.Section, o => o.Problem());
        services.AddSingleton<KioskAdmission>();
        services.AddOptions<SocketTransportOptions>().Configure<IOptions<AdmissionOptions>>((sockets, admission) => sockets.Backlog = admission.Value.ListenBacklog);
        services.Configure<HubOptions>(hub => hub.AddFilter<KioskAdmissionHubFilter>());
        return services;
    }

    /// <summary>After UseWebSockets (it recognises the upgrade) and before the credential checks (refusals cost no database work).</summary>
    public static IApplicationBuilder UseKioskAdmission(this IApplicationBuilder app) => app.UseMiddleware<KioskAdmissionMiddleware>();
}
