using SignageKiosk.Controller.Settings;

namespace SignageKiosk.Controller.Wishes;

/// <summary>Registers micro-wishes: the store with its private tables, and the limits of the public claim page.</summary>
public static class WishServices
{
    public static IServiceCollection AddMicroWishes(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCheckedOptions<WishOptions>(configuration, WishOptions.Section, o => o.Problem());
        services.AddSingleton<WishStore>();
        return services;
    }
}
