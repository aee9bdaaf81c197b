using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Cluster;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Controller.Sync;
using SignageKiosk.Shared.Fleet;
using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Controller.Fleet;

/// <summary>
/// Screenshots on demand: staff ask, the kiosk is told over the hub, it captures its board and uploads the
/// PNG with its device credential. Only an answer to an open request is accepted, and only the latest one
/// per kiosk is kept. Open requests and the image are in the store, so with several nodes (decision 0042) staff may
/// ask on any node, the kiosk may be connected to another and upload through a third, and every node serves the image.
/// </summary>
public sealed class ScreenshotStore(
    ControllerDb db,
    KioskSessions sessions,
    KioskPresence presence,
    ClusterSignals signals,
    IHubContext<KioskHub> hub,
    TimeProvider time,
    IOptions<FleetOptions> options,
    ILogger<ScreenshotStore> logger) : IClusterListener
{
    public sealed record Requested(string RequestId, DateTimeOffset RequestedAt, DateTimeOffset ExpiresAt);
    public sealed record Stored(string RequestId, DateTimeOffset TakenAt, long Size);
    public sealed record Image(string RequestId, DateTimeOffset TakenAt, byte[] Png);

    /// <summary>A capture to deliver, as it travels between nodes.</summary>
    private sealed record Capture(string KioskId, string RequestId);

    /// <summary>
    /// Asks the kiosk for a screenshot; a request still open for it is reused, so repeated clicks cost one request. The
    /// capture message is sent again with it, though: on several nodes it travels as a notification, which can be lost
    /// (a node re-opening its listening connection), and asking again is how staff get past that. A kiosk that did
    /// receive both answers once (it skips the request it has just uploaded; an older kiosk's second upload is refused
    /// as answered, which costs nothing).
    /// </summary>
    public async Task<Requested> RequestAsync(string kioskId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        Requested request;
        await using (var connection = await db.OpenAsync(cancellationToken))
        {
            // The writer lock: two members of staff asking on two nodes at once get one request.
            await using var transaction = await connection.BeginWriteAsync(cancellationToken);
            await connection.ExecAsync("DELETE FROM screenshot_requests WHERE julianday(expires_at) <= julianday(@now);", transaction, cancellationToken, ("@now", now));
            var open = (await connection.QueryAsync<RequestRow>(
                    "SELECT request_id, kiosk_id, requested_at, expires_at FROM screenshot_requests WHERE kiosk_id = @kiosk;", transaction, cancellationToken, ("@kiosk", kioskId)))
                .Where(r => r.ExpiresAt > now).MaxBy(r => r.ExpiresAt);
            if (open is not null)
            {
                await transaction.CommitAsync(cancellationToken);
                request = new Requested(open.RequestId, open.RequestedAt, open.ExpiresAt);
                await SendCaptureAsync(kioskId, request.RequestId, cancellationToken);
                logger.LogInformation("Asked kiosk {KioskId} again for its screenshot ({RequestId})", kioskId, request.RequestId);
                return request;
            }
            if (!await presence.IsConnectedAsync(kioskId, cancellationToken))
            {
                throw ApiException.Conflict($"屏幕 {kioskId} 当前未连接，连接后才能截图 (kiosk {kioskId} is not connected; a screenshot needs a live connection)");
            }
            request = new Requested(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)), now, now + options.Value.ScreenshotRequestLifetime);
            await connection.ExecAsync(
                "INSERT INTO screenshot_requests(request_id, kiosk_id, requested_at, expires_at) VALUES (@request, @kiosk, @requested, @expires);",
                transaction, cancellationToken, ("@request", request.RequestId), ("@kiosk", kioskId), ("@requested", request.RequestedAt), ("@expires", request.ExpiresAt));
            await transaction.CommitAsync(cancellationToken);
        }
        await SendCaptureAsync(kioskId, request.RequestId, cancellationToken);
        logger.LogInformation("Asked kiosk {KioskId} for a screenshot ({RequestId})", kioskId, request.RequestId);
        return request;
    }

    /// <summary>Stores a kiosk's answer: at most <see cref="FleetProtocol.MaxScreenshotBytes"/>, and a PNG.</summary>
    public async Task<Stored> SaveAsync(string kioskId, string? requestId, Stream body, CancellationToken cancellationToken)
    {
        RequestRow? open = null;
        if (requestId is not null)
        {
            // Closed again before the body is read: a slow upload must not hold one of the store's connections.
            await using var lookup = await db.OpenAsync(cancellationToken);
            open = await lookup.QuerySingleOrNullAsync<RequestRow>(
                "SELECT request_id, kiosk_id, requested_at, expires_at FROM screenshot_requests WHERE request_id = @request;", null, cancellationToken, ("@request", requestId));
        }
        if (requestId is null || open is null || open.KioskId != kioskId || open.ExpiresAt <= time.GetUtcNow())
        {
            throw ApiException.BadRequest("这块屏没有这个编号（requestId）的待处理截图请求 (no open screenshot request with that requestId for this kiosk)", "requestId");
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > FleetProtocol.MaxScreenshotBytes)
            {
                throw new ApiException(StatusCodes.Status413PayloadTooLarge, $"截图最大 {FleetProtocol.MaxScreenshotBytes / (1024 * 1024)} MB (a screenshot may be at most {FleetProtocol.MaxScreenshotBytes / (1024 * 1024)} MB)");
            }
            buffer.Write(chunk, 0, read);
        }
        if (!PngFile.HasSignature(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)))
        {
            throw new ApiException(StatusCodes.Status415UnsupportedMediaType, "截图须为 PNG 图片 (a screenshot must be a PNG image)");
        }
        var takenAt = time.GetUtcNow();
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecAsync(
            """
            INSERT INTO screenshots(kiosk_id, request_id, taken_at, size, png) VALUES (@kiosk, @request, @at, @size, @png)
                ON CONFLICT(kiosk_id) DO UPDATE SET request_id = excluded.request_id, taken_at = excluded.taken_at, size = excluded.size, png = excluded.png;
            """,
            null, cancellationToken, ("@kiosk", kioskId), ("@request", requestId), ("@at", takenAt.ToString("O", CultureInfo.InvariantCulture)),
            ("@size", buffer.Length), ("@png", buffer.ToArray()));
        await connection.ExecAsync("DELETE FROM screenshot_requests WHERE request_id = @request;", null, cancellationToken, ("@request", requestId));
        logger.LogInformation("Kiosk {KioskId} sent its screenshot ({Size} bytes)", kioskId, buffer.Length);
        return new Stored(requestId, takenAt, buffer.Length);
    }

    /// <summary>The latest screenshot of the kiosk with its image, from whichever node took it.</summary>
    public async Task<Image?> LatestAsync(string kioskId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrNullAsync<ScreenshotRow>(
            "SELECT request_id, taken_at, png FROM screenshots WHERE kiosk_id = @kiosk AND png IS NOT NULL;", null, cancellationToken, ("@kiosk", kioskId));
        return row?.Png is { } png ? new Image(row.RequestId, row.TakenAt, png) : null;
    }

    /// <summary>Whether there is a screenshot of the kiosk, without reading the image.</summary>
    public async Task<bool> HasScreenshotAsync(string kioskId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.ScalarAsync<long>("SELECT count(*) FROM screenshots WHERE kiosk_id = @kiosk AND png IS NOT NULL;", null, cancellationToken, ("@kiosk", kioskId)) > 0;
    }

    string IClusterListener.Channel => ClusterChannels.Capture;

    /// <summary>Another node (or this one) asked: this node tells the kiosk's connections it holds, if any.</summary>
    async Task IClusterListener.OnNotificationAsync(string payload, CancellationToken cancellationToken)
    {
        if (JsonSerializer.Deserialize<Capture>(payload) is { KioskId: not null, RequestId: not null } capture)
        {
            await SendLocallyAsync(capture.KioskId, capture.RequestId, cancellationToken);
        }
    }

    /// <summary>On SQLite the kiosk is connected here if anywhere; on PostgreSQL every node hears it and the one holding the kiosk sends.</summary>
    private async Task SendCaptureAsync(string kioskId, string requestId, CancellationToken cancellationToken)
    {
        if (db.Provider == StoreProvider.Sqlite)
        {
            await SendLocallyAsync(kioskId, requestId, cancellationToken);
            return;
        }
        await signals.NotifyAsync(ClusterChannels.Capture, JsonSerializer.Serialize(new Capture(kioskId, requestId)), cancellationToken);
    }

    private async Task SendLocallyAsync(string kioskId, string requestId, CancellationToken cancellationToken)
    {
        var connections = sessions.OfKiosk(kioskId).Select(s => s.ConnectionId).ToList();
        if (connections.Count > 0)
        {
            await hub.Clients.Clients(connections).SendAsync(SyncProtocol.CaptureScreenshot, new ScreenshotRequest { RequestId = requestId }, cancellationToken);
        }
    }

    private sealed class RequestRow
    {
        public string RequestId { get; init; } = "";
        public string KioskId { get; init; } = "";
        public DateTimeOffset RequestedAt { get; init; }
        public DateTimeOffset ExpiresAt { get; init; }
    }

    private sealed class ScreenshotRow
    {
        public string RequestId { get; init; } = "";
        public DateTimeOffset TakenAt { get; init; }
        public byte[]? Png { get; init; }
    }
}
