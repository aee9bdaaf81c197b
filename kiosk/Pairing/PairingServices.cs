namespace SignageKiosk.Kiosk.Pairing;

/// <summary>Device identity, pairing, screen reports and screenshots on the kiosk host.</summary>
public static class PairingServices
{
    public static IServiceCollection AddDevicePairing(this IServiceCollection services)
    {
        services.AddHttpClient(nameof(ControllerClient), client => client.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<ControllerClient>();
        services.AddSingleton<DeviceCredentials>();
        services.AddSingleton<PairingState>();
        services.AddHostedService<PairingClient>();
        services.AddSingleton<ScreenState>();
        services.AddHostedService<ScreenReporter>();
        services.AddSingleton<ScreenshotCapturer>();
        services.AddSingleton<ScreenshotService>();
        services.AddHostedService(sp => sp.GetRequiredService<ScreenshotService>());
        return services;
    }
}
