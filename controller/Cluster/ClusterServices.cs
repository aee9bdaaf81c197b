using SignageKiosk.Controller.Settings;

namespace SignageKiosk.Controller.Cluster;

public static class ClusterServices
{
    /// <summary>Several nodes on one PostgreSQL store: the change feed every node tails, and the signals between nodes.</summary>
    public static IServiceCollection AddCluster(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCheckedOptions<ClusterOptions>(configuration, ClusterOptions.Section, o => o.Problem());
        services.AddSingleton<ClusterSignals>();
        services.AddSingleton<KioskPresence>();
        services.AddSingleton<ChangeFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<ChangeFeed>());
        services.AddHostedService<SharedFolderCheck>();
        return services;
    }
}
