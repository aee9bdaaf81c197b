using Microsoft.Extensions.Options;
using SignageKiosk.Kiosk.Board;
using SignageKiosk.Kiosk.Broadcasts;
using SignageKiosk.Kiosk.Cache;
using SignageKiosk.Kiosk.Clock;
using SignageKiosk.Kiosk.Media;
using SignageKiosk.Kiosk.Pairing;
using SignageKiosk.Kiosk.ProofOfDisplay;
using SignageKiosk.Kiosk.Reports;
using SignageKiosk.Kiosk.Screen;
using SignageKiosk.Kiosk.Speech;
using SignageKiosk.Kiosk.Storage;
using SignageKiosk.Kiosk.Sync;
using SignageKiosk.Kiosk.Updates;

namespace SignageKiosk.Kiosk;

public static class KioskServices
{
    public static WebApplicationBuilder AddKioskServices(this WebApplicationBuilder builder)
    {
        // Everything the kiosk writes (its store, LiteDB's log, media, screenshots) is born readable by its user only.
        Posix.OwnerOnlyFromNowOn();
        var services = builder.Services;
        services.Configure<KioskOptions>(builder.Configuration.GetSection(KioskOptions.Section));
        // A malformed controller URL stops the start with a message naming it, rather than a kiosk that never syncs.
        services.AddSingleton<IValidateOptions<KioskOptions>, ControllerUrlsValidation>();
        services.AddOptions<KioskOptions>().ValidateOnStart();
        services.AddSingleton<ControllerEndpoints>();
        services.AddSingleton(sp => new KioskClock(TimeProvider.System,
            KioskClock.ShiftFor(sp.GetRequiredService<IOptions<KioskOptions>>().Value.ClockStartAt, TimeProvider.System)));
        services.AddSingleton<TimeProvider>(sp => sp.GetRequiredService<KioskClock>());
        // A failing background task is logged, never allowed to stop the host: the board must keep showing.
        services.Configure<HostOptions>(host => host.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.Ignore);
        services.AddSingleton<KioskStore>();
        services.AddHostedService<GoodCopyTimer>();
        services.AddSingleton<KioskCache>();
        services.AddSingleton<SyncStatus>();
        services.AddSingleton<ControllerPublicUrl>();
        services.AddSingleton<ControllerLink>();
        services.AddSingleton<MediaStatus>();
        services.AddSingleton<BoardNotifier>();
        services.AddSingleton<BoardToken>();
        services.AddSingleton<BroadcastReports>();
        services.AddSingleton<WireCounter>();
        services.AddHttpClient(nameof(MediaFetcher), client => client.Timeout = TimeSpan.FromMinutes(5));
        services.AddSingleton<MediaFetcher>();
        services.AddHostedService(sp => sp.GetRequiredService<MediaFetcher>());
        services.AddDevicePairing();
        services.Configure<KioskUpdateOptions>(builder.Configuration.GetSection(KioskUpdateOptions.Section));
        // A build is tens of megabytes on a station's line: a generous timeout, and a broken download resumes.
        services.AddHttpClient(nameof(UpdateAgent), client => client.Timeout = TimeSpan.FromMinutes(30));
        services.AddSingleton<UpdateAgent>();
        services.AddHostedService(sp => sp.GetRequiredService<UpdateAgent>());
        services.AddHostedService<SyncClient>();
        services.AddHostedService<BoundaryTimer>();
        services.AddScreenHours();
        services.AddSpeech(builder.Configuration);
        services.AddProofOfDisplay(builder.Configuration);
        services.AddResidentReports(builder.Configuration);
        return builder;
    }

    public static WebApplication MapKioskEndpoints(this WebApplication app)
    {
        // Every committed change reaches the open board pages at once.
        var cache = app.Services.GetRequiredService<KioskCache>();
        var notifier = app.Services.GetRequiredService<BoardNotifier>();
        cache.Changed += notifier.Notify;
        // The pairing screen replaces the board while unpaired; its changes must reach the page too.
        app.Services.GetRequiredService<PairingState>().Changed += notifier.Notify;
        // Outside screen hours the page turns black (and back): the screen state is part of what it shows.
        app.Services.GetRequiredService<ScreenState>().Changed += notifier.Notify;
        // A corrected clock can move a boundary or the header clock: render again.
        app.Services.GetRequiredService<KioskClock>().Corrected += notifier.Notify;
        app.UseSecurityHeaders();
        app.MapBoardEndpoints();
        app.MapDeviceEndpoints();
        app.MapScreenEndpoints();
        app.MapSpeechEndpoints();
        app.MapBroadcastEndpoints();
        app.MapDisplayEndpoints();
        app.MapReportEndpoints();
        return app;
    }
}
