namespace SignageKiosk.Kiosk.Screen;

/// <summary>Screen hours on the kiosk host: the scheduler (a hosted service that the wake route also reaches) and the display switch.</summary>
public static class ScreenServices
{
    public static IServiceCollection AddScreenHours(this IServiceCollection services)
    {
        services.AddSingleton<DisplayPowerSwitch>();
        services.AddSingleton<ScreenScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<ScreenScheduler>());
        return services;
    }
}
