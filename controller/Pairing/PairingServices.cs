using SignageKiosk.Controller.Settings;
using Microsoft.AspNetCore.SignalR;
using SignageKiosk.Controller.Cluster;

namespace SignageKiosk.Controller.Pairing;

/// <summary>Pairing by code and device credential rotation (docs/decisions/0008).</summary>
public static class PairingServices
{
    public static IServiceCollection AddPairing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCheckedOptions<PairingOptions>(configuration, PairingOptions.Section, o => o.Problem());
        services.AddSingleton<PairingRateLimiter>();
        services.AddSingleton<PairingStore>();
        services.AddSingleton<CredentialRotation>();
        // A copy seen on one node is cut on every node: each node cuts the connections it holds.
        services.AddSingleton<IClusterListener>(sp => sp.GetRequiredService<CredentialRotation>());
        services.AddSingleton<CredentialRotationHubFilter>();
        // A global hub filter: it wraps the kiosk hub's Hello without the hub knowing.
        services.Configure<HubOptions>(hub => hub.AddFilter<CredentialRotationHubFilter>());
        return services;
    }

    /// <summary>Must run before authentication: the first use of a new credential is what makes it valid.</summary>
    public static IApplicationBuilder UseKioskCredentialRotation(this IApplicationBuilder app) => app.UseMiddleware<CredentialRotationMiddleware>();
}
