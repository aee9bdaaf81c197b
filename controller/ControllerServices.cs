using SignageKiosk.Controller.Settings;
using Microsoft.AspNetCore.SignalR;
using SignageKiosk.Controller.Admission;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Audit;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Backup;
using SignageKiosk.Controller.Broadcasts;
using SignageKiosk.Controller.Cluster;
using SignageKiosk.Controller.Content;
using SignageKiosk.Controller.Demo;
using SignageKiosk.Controller.Fleet;
using SignageKiosk.Controller.Import;
using SignageKiosk.Controller.Media;
using SignageKiosk.Controller.Moderation;
using SignageKiosk.Controller.Observability;
using SignageKiosk.Controller.Pairing;
using SignageKiosk.Controller.Places;
using SignageKiosk.Controller.Preview;
using SignageKiosk.Controller.Print;
using SignageKiosk.Controller.ProofOfDisplay;
using SignageKiosk.Controller.Reports;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Controller.Sync;
using SignageKiosk.Controller.Updates;
using SignageKiosk.Controller.Web;
using SignageKiosk.Controller.Wishes;
using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Controller;

/// <summary>Registers and wires the controller's features; Program.cs stays a few lines.</summary>
public static class ControllerServices
{
    /// <summary>Largest JSON body the API reads; media uploads raise it for themselves.</summary>
    public const long MaxJsonBody = 1024 * 1024;

    public static WebApplicationBuilder AddControllerServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxJsonBody);

        services.AddSingleton(TimeProvider.System);
        // Every setting is checked at start (Settings/SettingsCheck): a bad one stops the controller with one line naming it.
        services.AddCheckedOptions<StorageOptions>(configuration, StorageOptions.Section, o => o.Problem());
        services.AddCheckedOptions<PhotoOptions>(configuration, PhotoOptions.Section, o => o.Problem());
        services.AddCheckedOptions<SyncOptions>(configuration, SyncOptions.Section, o => o.Problem());
        services.Configure<DemoOptions>(configuration.GetSection(DemoOptions.Section));
        services.AddSingleton<ControllerDb>();
        services.AddSingleton(sp => DataDirectoryLock.Shared(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value.DataDirectory));
        services.AddSingleton<StoreEpoch>();
        services.AddSingleton<GroupCommit>();
        services.AddStaffAuth(configuration);
        // The outermost hub filter (before the pairing one), so a refusal anywhere is logged once, as a warning.
        services.Configure<HubOptions>(hub => hub.AddFilter<KioskHubCallLogging>());
        builder.Logging.AddFilter(KioskHubCallLogging.Silenced, LogLevel.Critical);
        services.AddKioskAdmission(configuration);
        services.AddPairing(configuration);
        services.AddFleet(configuration);

        services.AddCluster(configuration);
        services.AddSingleton<KioskSessions>();
        services.AddObservability(configuration);
        services.AddSingleton<ChangeDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<ChangeDispatcher>());
        services.AddSingleton<KioskAckStore>();
        services.AddSingleton<AckFlusher>();
        services.AddHostedService(sp => sp.GetRequiredService<AckFlusher>());
        services.AddSingleton<ChangeLog>();
        services.AddSingleton<SnapshotReader>();
        services.AddSingleton<Publisher>();
        services.AddSingleton<AuditLog>();
        services.AddHttpContextAccessor();
        services.AddSingleton<KioskDirectory>();
        services.AddSingleton<ContentStore>();
        services.AddSingleton<StructureStore>();
        services.AddSingleton<PlaceDirectory>();
        services.AddSingleton<MediaStore>();
        services.AddSingleton<KioskMediaAccess>();
        services.AddSingleton<StaffMediaAccess>();
        services.AddSingleton<DemoImporter>();
        services.AddSingleton<PreviewRenderer>();
        services.AddSingleton<SubmissionStore>();
        services.AddSingleton<BroadcastDisplays>();
        services.AddAdminUi();
        services.AddImport();
        services.AddProofOfDisplay();
        services.AddResidentReports(configuration);
        services.AddResidentVoice(configuration);
        services.AddPrint();
        services.AddNoticePrint(configuration);
        services.AddDutyPrint();
        services.AddMicroWishes(configuration);
        services.AddScheduledBackups(configuration);
        services.AddKioskUpdates(configuration);

        services.ConfigureHttpJsonOptions(json => SyncJson.Configure(json.SerializerOptions));
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = ApiProblem.Complete);
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddOpenApi(openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "SignageKiosk controller API";
            document.Info.Description = "Staff API (bearer tokens from POST /api/auth/token). Kiosks use the SignalR hub at /hubs/kiosk with their device credential. "
                + "Refusals are RFC 9457 problem details. A client can be generated from this document (docs/decisions/0050).";
            return Task.CompletedTask;
        }).AddApiSchemas());
        services.AddSignalR().AddJsonProtocol(json => SyncJson.Configure(json.PayloadSerializerOptions));
        // The kiosk hub's lifetime manager also gives the dispatcher each connection, for pre-serialised pushes (decision 0038).
        services.AddSingleton<KioskHubLifetimeManager>();
        services.AddSingleton<HubLifetimeManager<KioskHub>>(sp => sp.GetRequiredService<KioskHubLifetimeManager>());
        return builder;
    }

    /// <summary>Brings the store up to date, creates the first administrator and, on a fresh store, the demo.</summary>
    public static async Task InitializeControllerAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        // Held until the controller stops: a restore refuses while it is held (docs/backup.md).
        app.Services.GetRequiredService<DataDirectoryLock>();
        RuntimeSettingsLog.Write(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RuntimeSettingsLog)));
        var db = app.Services.GetRequiredService<ControllerDb>();
        await using (var connection = await db.OpenAsync(cancellationToken))
        {
            await MigrationRunner.ApplyAsync(connection, cancellationToken);
        }
        await app.Services.GetRequiredService<StoreEpoch>().LoadAsync(cancellationToken);
        await app.Services.GetRequiredService<BootstrapAdmin>().EnsureAsync(cancellationToken);
        var head = await app.Services.GetRequiredService<ChangeLog>().HeadAsync(cancellationToken);
        app.Services.GetRequiredService<ChangeDispatcher>().SetStartingPoint(head);
        app.Services.GetRequiredService<ChangeFeed>().StartFrom(head);
        await app.Services.GetRequiredService<KioskPresence>().StartAsync(cancellationToken);
        await app.Services.GetRequiredService<DemoImporter>().ImportIfEmptyAsync(cancellationToken);
    }

    public static WebApplication MapControllerEndpoints(this WebApplication app)
    {
        app.UseSecurityHeaders();
        // Refusals become problem details (ApiExceptionHandler); anything else a 500 problem, logged, its text not shown.
        app.UseExceptionHandler();
        // An API answer with a status and no body (405, an authorization refusal) gets a problem body too.
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
        app.UseWebSockets();
        // Kiosk handshakes beyond what the node serves at once are refused here, before any database work.
        app.UseKioskAdmission();
        // Before authentication: the first use of a rotated device credential is what makes it the valid one.
        app.UseKioskCredentialRotation();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseKioskLogScope();
        app.UseRateLimiter();

        // The original health answer, kept for what reads its JSON (simulator, benchmarks, tests); liveness and readiness
        // for load balancers and supervisors are /healthz/live and /healthz/ready (MapObservability).
        app.MapGet("/healthz", async (ChangeLog log, KioskSessions sessions, CancellationToken cancellationToken) =>
            Results.Ok(new { status = "ok", seq = await log.HeadAsync(cancellationToken), kiosksConnected = sessions.Count }));
        app.MapObservability();
        app.MapGet("/api/changes/head", async (ChangeLog log, CancellationToken cancellationToken) =>
            Results.Ok(new ChangeHead(await log.HeadAsync(cancellationToken)))).RequireAuthorization(AuthPolicies.Staff)
            .WithName("GetChangeHead").Produces<ChangeHead>(StatusCodes.Status200OK);
        // The API's description, public like any API reference: it documents routes, never data.
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapAuthEndpoints();
        app.MapUserEndpoints();
        app.MapStructureEndpoints();
        app.MapPickerEndpoints();
        app.MapContentEndpoints();
        app.MapMediaEndpoints();
        app.MapPreviewEndpoints();
        app.MapAuditEndpoints();
        app.MapImportEndpoints();
        app.MapPairingEndpoints();
        app.MapFleetEndpoints();
        app.MapModerationEndpoints();
        app.MapBroadcastEndpoints();
        app.MapProofEndpoints();
        app.MapReportEndpoints();
        app.MapPhoneReportEndpoints();
        app.MapPrintEndpoints();
        app.MapNoticePrintEndpoints();
        app.MapDutyPrintEndpoints();
        app.MapUpdateEndpoints();
        app.MapHub<KioskHub>(SyncProtocol.HubPath);
        app.MapAdminUi();
        app.MapFallback("/api/{**rest}", (HttpContext http) =>
            ApiProblem.Result(StatusCodes.Status404NotFound, $"没有这个接口：{http.Request.Method} {http.Request.Path} (no such endpoint)"));
        return app;
    }
}
