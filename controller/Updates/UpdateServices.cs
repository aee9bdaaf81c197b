using SignageKiosk.Controller.Settings;

namespace SignageKiosk.Controller.Updates;

public static class UpdateServices
{
    public static IServiceCollection AddKioskUpdates(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCheckedOptions<UpdateOptions>(configuration, UpdateOptions.Section, o => o.Problem());
        services.AddSingleton<BuildStore>();
        services.AddSingleton<RolloutStore>();
        services.AddSingleton<UpdateOffers>();
        services.AddSingleton<KioskUpdates>();
        return services;
    }
}
