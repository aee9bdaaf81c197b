using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using SignageKiosk.Controller.Settings;
using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Controller.Observability;

/// <summary>Metrics for Prometheus, liveness and readiness, and the kiosk id on log lines (docs/observability.md).</summary>
public static class ObservabilityServices
{
    public const string MetricsPath = "/metrics";
    public const string LivePath = "/healthz/live";
    public const string ReadyPath = "/healthz/ready";
    private const string ReadyTag = "ready";

    public static IServiceCollection AddObservability(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCheckedOptions<MetricsOptions>(configuration, MetricsOptions.Section, o => o.Problem());
        services.AddSingleton<MetricsAccess>();
        services.AddSingleton<ControllerMetrics>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(ControllerMetrics.MeterName)
            // ASP.NET Core's own meters (.NET 8 and later): request durations by route, open connections, SignalR.
            .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections")
            // Every scrape collects afresh (the exporter's default keeps an answer for 300 ms): a scrape is a walk over this
            // node's sessions, and a figure read just after a change must show it.
            .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));
        // A hung PostgreSQL connect must not hold the check (nor HAProxy's probe) for the driver's 15 s.
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store", HealthStatus.Unhealthy, [ReadyTag], TimeSpan.FromSeconds(3));
        return services;
    }

    /// <summary>After authorization, so a kiosk's bearer credential has named the kiosk.</summary>
    public static IApplicationBuilder UseKioskLogScope(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(KioskLogScope));
        return app.Use(async (http, next) =>
        {
            // The hub's own connection request is left alone: its calls get their scope one by one (KioskHubCallLogging).
            using var scope = http.Request.Path.StartsWithSegments(SyncProtocol.HubPath) ? null : KioskLogScope.Begin(logger, http.User);
            await next(http);
        });
    }

    public static IEndpointRouteBuilder MapObservability(this IEndpointRouteBuilder app)
    {
        // The process answers: nothing checked (a restart is the only cure for a process that does not).
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        // The store answers: 503 otherwise, so HAProxy sends no one to this node.
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) }).AllowAnonymous();
        app.MapPrometheusScrapingEndpoint(MetricsPath, meterProvider: null, configureBranchedPipeline: MetricsAccess.Gate, optionsName: null)
            .AllowAnonymous();
        return app;
    }
}
