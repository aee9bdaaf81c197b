using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using SignageKiosk.Kiosk.Cache;
using SignageKiosk.Kiosk.Clock;
using SignageKiosk.Kiosk.Media;
using SignageKiosk.Kiosk.Pairing;
using SignageKiosk.Kiosk.Storage;
using SignageKiosk.Kiosk.Sync;
using SignageKiosk.Kiosk.Updates;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Fleet;
using SignageKiosk.Shared.Media;
using SignageKiosk.Shared.Screen;

namespace SignageKiosk.Kiosk.Board;

public static partial class BoardEndpoints
{
    [GeneratedRegex(@"^\+?[0-9][0-9\- ]{1,30}$")]
    private static partial Regex PhonePattern();

    public static void MapBoardEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (KioskCache cache, PairingState pairing, ScreenState screen, TimeProvider time, IOptions<KioskOptions> options, HttpContext http, BoardToken token, ControllerPublicUrl publicUrl, string? layout, string? lang) =>
        {
            var settings = AccessibilitySettings.Parse(null, null, lang, null);
            var config = new BoardPageConfig
            {
                IdleSeconds = Math.Max(1, options.Value.IdleSeconds),
                AttractSeconds = Math.Max(1, options.Value.AttractSeconds),
                NowUnixMs = time.GetUtcNow().ToUnixTimeMilliseconds(),
                KioskToken = BoardCaller.TokenFor(http, token),
            };
            return Results.Content(BoardPage.Html(Render(cache, pairing, screen, time, publicUrl, layout, settings), config, settings), "text/html; charset=utf-8");
        });

        app.MapGet("/board", (KioskCache cache, PairingState pairing, ScreenState screen, TimeProvider time, HttpContext http, BoardToken token, ControllerPublicUrl publicUrl, string? layout, string? lang) =>
        {
            // A page that outlived a restart of this host learns the new token here (after the event stream reconnects).
            if (BoardCaller.TokenFor(http, token) is { } current)
            {
                http.Response.Headers[BoardToken.Header] = current;
            }
            http.Response.Headers.CacheControl = "no-store";
            // The page's header clock follows the host's (corrected) clock, not the browser's.
            http.Response.Headers["X-Board-Now"] = time.GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Content(Render(cache, pairing, screen, time, publicUrl, layout, AccessibilitySettings.Parse(null, null, lang, null)), "text/html; charset=utf-8");
        });

        app.MapGet("/assets/{name}", (string name, HttpContext http) =>
        {
            var text = BoardAssets.Find(name);
            if (text is null)
            {
                return Results.NotFound();
            }
            http.Response.Headers.CacheControl = "no-cache";
            return Results.Text(text, BoardAssets.ContentType(name));
        });

        app.MapGet("/favicon.ico", () => Results.NoContent());

        app.MapGet("/qr/tel/{number}", (string number) =>
            PhonePattern().IsMatch(number)
                ? Results.Text(QrCode.Svg(QrCode.Tel(number)), "image/svg+xml")
                : Results.BadRequest(new { error = "not a phone number" }));

        app.MapGet("/qr/notice/{id}", (string id, KioskCache cache) =>
            cache.Content().Notices.FirstOrDefault(n => n.Id == id) is { } notice
                ? Results.Text(QrCode.Svg(QrCode.NoticeText(notice.Title, notice.Body)), "image/svg+xml")
                : Results.NotFound());

        // A wish's claim page on the controller, for phones; only for an open wish this board holds, and only when the
        // controller's public address is known (the board then hides the code: BoardView.WishQrCodes).
        app.MapGet("/qr/wish/{id}", (string id, KioskCache cache, ControllerPublicUrl publicUrl) =>
            publicUrl.Value is { } baseUrl && cache.Content().Wishes.FirstOrDefault(w => w.Id == id) is { State: Shared.Wishes.WishState.Open } wish
                ? Results.Text(QrCode.Svg(Shared.Wishes.WishBoard.ClaimUrl(baseUrl, wish.Id)), "image/svg+xml")
                : Results.NotFound());

        app.MapGet("/events", async (HttpContext http, BoardNotifier notifier, CancellationToken cancellationToken) =>
        {
            http.Response.Headers.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-store";
            var channel = notifier.Subscribe();
            try
            {
                await http.Response.WriteAsync($"retry: 1000\nevent: hello\ndata: {notifier.Version}\n\n", cancellationToken);
                await http.Response.Body.FlushAsync(cancellationToken);
                while (!cancellationToken.IsCancellationRequested)
                {
                    using var keepAlive = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    keepAlive.CancelAfter(TimeSpan.FromSeconds(15));
                    try
                    {
                        var version = await channel.Reader.ReadAsync(keepAlive.Token);
                        await http.Response.WriteAsync($"event: changed\ndata: {version} {notifier.ChangedAtUnixMs}\n\n", cancellationToken);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        await http.Response.WriteAsync(": keep-alive\n\n", cancellationToken);
                    }
                    await http.Response.Body.FlushAsync(cancellationToken);
                }
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                notifier.Unsubscribe(channel);
            }
        });

        app.MapGet("/media/{sha256}", (string sha256, KioskCache cache, MediaFetcher fetcher) =>
        {
            if (!MediaRef.IsValidSha256(sha256) || !cache.Content().VerifiedMedia.Contains(sha256) || !File.Exists(fetcher.PathOf(sha256)))
            {
                return Results.NotFound();
            }
            var type = fetcher.ContentTypeOf(sha256) ?? "application/octet-stream";
            return Results.File(fetcher.PathOf(sha256), type);
        });

        app.MapGet("/healthz", (KioskCache cache, KioskStore store, SyncStatus sync, MediaStatus media, WireCounter wire, PairingState pairing, KioskClock clock, ControllerEndpoints endpoints) => Results.Ok(new
        {
            status = "ok",
            // What it reports to the fleet (an installed build's manifest) and what is running (the compiled assembly's).
            version = KioskVersion.Current,
            build = KioskVersion.Assembly,
            controller = endpoints.Configured ? endpoints.Current.ToString() : null,
            kioskId = cache.KioskId,
            pairing = pairing.Current.ToString(),
            seq = cache.Cursor,
            connected = sync.Connected,
            state = sync.State,
            lastSyncAt = sync.LastSyncAt,
            lastError = sync.LastError,
            clockOffsetMs = sync.ClockOffset?.TotalMilliseconds,
            clockCorrectionMs = clock.Correction.TotalMilliseconds,
            now = clock.GetUtcNow(),
            changesApplied = sync.ChangesApplied,
            catchUps = sync.CatchUps,
            gapsDetected = sync.GapsDetected,
            bytesReceived = wire.BytesReceived,
            bytesSent = wire.BytesSent,
            transport = wire.Transport,
            items = cache.ItemCount(),
            cacheSetAside = store.SetAside,
            store = new { opening = store.Opening.ToString(), cursorAtOpen = store.CursorAtOpen, setAside = store.SetAside, goodCopyAt = store.GoodCopyAt },
            memoryBytes = Environment.WorkingSet,
            media = new { pending = media.Pending, verified = media.Verified, rejected = media.Rejected, lastError = media.LastError },
        }));
    }

    private static string Render(KioskCache cache, PairingState pairing, ScreenState screen, TimeProvider time, ControllerPublicUrl publicUrl, string? layout, AccessibilitySettings settings)
    {
        // Unpaired, the screen shows its pairing code instead of a board (and keeps doing so until content arrives).
        if (pairing.Screen(hasContent: cache.KioskId is not null) is { } pairingScreen)
        {
            return PairingScreen.RenderBody(pairingScreen);
        }
        if (cache.KioskId is null)
        {
            return PairingScreen.RenderBody(new PairingScreenModel { Status = PairingScreenStatus.Restoring, Detail = cache.SetAside is { } aside ? "cache rebuilt; damaged copy kept as " + Path.GetFileName(aside) : null });
        }
        var view = BoardView.Evaluate(cache.Content(), time.GetUtcNow()) with { WishQrCodes = publicUrl.Value is not null };
        // Outside screen hours (or switched off on purpose): black, until a touch wakes it. An emergency broadcast always shows.
        if (screen.Off && view.Broadcast is null)
        {
            return ScreenOffPage.RenderBody(settings);
        }
        var chosen = BoardLayouts.Exists(layout) ? BoardLayouts.Get(layout) : BoardLayouts.Get(view.Station?.Layout);
        return BoardRenderer.RenderBody(view, chosen, settings);
    }
}
