using SignageKiosk.Controller.Settings;
using SignageKiosk.Controller.Cluster;

namespace SignageKiosk.Controller.Fleet;

/// <summary>Fleet state, history and screenshots.</summary>
public static class FleetServices
{
    public static IServiceCollection AddFleet(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCheckedOptions<FleetOptions>(configuration, FleetOptions.Section, o => o.Problem());
        services.AddSingleton<KioskFleetStore>();
        services.AddSingleton<FleetReports>();
        services.AddSingleton<FleetSampleStore>();
        services.AddSingleton<FleetQuery>();
        services.AddSingleton<ScreenshotStore>();
        // On several nodes a capture travels as a notification; every node delivers it to the kiosk if it holds it.
        services.AddSingleton<IClusterListener>(sp => sp.GetRequiredService<ScreenshotStore>());
        services.AddSingleton<FleetSampler>();
        services.AddHostedService(sp => sp.GetRequiredService<FleetSampler>());
        return services;
    }
}
