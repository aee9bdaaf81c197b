using Microsoft.AspNetCore.SignalR;

namespace SignageKiosk.Controller.Pairing;

/// <summary>Pairing by code and device credential rotation (docs/decisions/0008).</summary>
public static class PairingServices
{
    public static IServiceCollection AddPairing(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<PairingOptions>(configuration.GetSection(PairingOptions.Section));
        services.AddSingleton<PairingRateLimiter>();
        services.AddSingleton<PairingStore>();
        services.AddSingleton<CredentialRotation>();
        services.AddSingleton<CredentialRotationHubFilter>();
        // A global hub filter: it wraps the kiosk hub's Hello without the hub knowing.
        services.Configure<HubOptions>(hub => hub.AddFilter<CredentialRotationHubFilter>());
        return services;
    }

    /// <summary>Must run before authentication: the first use of a new credential is what makes it valid.</summary>
    public static IApplicationBuilder UseKioskCredentialRotation(this IApplicationBuilder app) => app.UseMiddleware<CredentialRotationMiddleware>();
}
