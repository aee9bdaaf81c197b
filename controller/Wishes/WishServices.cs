namespace SignageKiosk.Controller.Wishes;

/// <summary>Registers micro-wishes: the store with its private tables, and the limits of the public claim page.</summary>
public static class WishServices
{
    public static IServiceCollection AddMicroWishes(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<WishOptions>(configuration.GetSection(WishOptions.Section));
        services.AddSingleton<WishStore>();
        return services;
    }
}
