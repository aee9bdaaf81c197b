using SignageKiosk.Kiosk.Cache;
using SignageKiosk.Kiosk.Media;
using SignageKiosk.Kiosk.Sync;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Media;

namespace SignageKiosk.Kiosk.Board;

public static class BoardEndpoints
{
    public static void MapBoardEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (KioskCache cache, TimeProvider time) =>
            Results.Content(BoardPage.Html(Render(cache, time)), "text/html; charset=utf-8"));

        app.MapGet("/board", (KioskCache cache, TimeProvider time, HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            return Results.Content(Render(cache, time), "text/html; charset=utf-8");
        });

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
                        await http.Response.WriteAsync($"event: changed\ndata: {version}\n\n", cancellationToken);
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
            MediaRef.IsValidSha256(sha256) && cache.Content().VerifiedMedia.Contains(sha256) && File.Exists(fetcher.PathOf(sha256))
                ? Results.File(fetcher.PathOf(sha256), "application/octet-stream")
                : Results.NotFound());

        app.MapGet("/healthz", (KioskCache cache, SyncStatus sync, MediaStatus media, WebSocketConnectionFactory wire) => Results.Ok(new
        {
            status = "ok",
            kioskId = cache.KioskId,
            seq = cache.Cursor,
            connected = sync.Connected,
            state = sync.State,
            lastSyncAt = sync.LastSyncAt,
            lastError = sync.LastError,
            clockOffsetMs = sync.ClockOffset?.TotalMilliseconds,
            changesApplied = sync.ChangesApplied,
            catchUps = sync.CatchUps,
            gapsDetected = sync.GapsDetected,
            bytesReceived = wire.BytesReceived,
            bytesSent = wire.BytesSent,
            items = cache.ItemCount(),
            media = new { pending = media.Pending, verified = media.Verified, rejected = media.Rejected, lastError = media.LastError },
        }));
    }

    private static string Render(KioskCache cache, TimeProvider time) =>
        BoardRenderer.RenderBody(BoardView.Evaluate(cache.Content(), time.GetUtcNow()));
}
