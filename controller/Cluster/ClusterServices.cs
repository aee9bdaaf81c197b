namespace SignageKiosk.Controller.Cluster;

public static class ClusterServices
{
    /// <summary>Several nodes on one PostgreSQL store: the change feed every node tails, and the signals between nodes.</summary>
    public static IServiceCollection AddCluster(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ClusterOptions>().Bind(configuration.GetSection(ClusterOptions.Section))
            .Validate(o => o.IsValid, "Cluster: PollInterval and NodeTimeout must be positive and ReadBatch between 1 and 10000").ValidateOnStart();
        services.AddSingleton<ClusterSignals>();
        services.AddSingleton<KioskPresence>();
        services.AddSingleton<ChangeFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<ChangeFeed>());
        return services;
    }
}
