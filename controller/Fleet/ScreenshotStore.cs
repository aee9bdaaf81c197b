using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Controller.Sync;
using SignageKiosk.Shared.Fleet;
using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Controller.Fleet;

/// <summary>
/// Screenshots on demand: staff ask, the kiosk is told over the hub, it captures its board and uploads the
/// PNG with its device credential. Only an answer to an open request is accepted, and only the latest one
/// per kiosk is kept.
/// </summary>
public sealed class ScreenshotStore(
    ControllerDb db,
    KioskSessions sessions,
    IHubContext<KioskHub> hub,
    TimeProvider time,
    IOptions<StorageOptions> storage,
    IOptions<FleetOptions> options,
    ILogger<ScreenshotStore> logger)
{
    public sealed record Requested(string RequestId, DateTimeOffset RequestedAt, DateTimeOffset ExpiresAt);
    public sealed record Stored(string Path, string RequestId, DateTimeOffset TakenAt, long Size);

    private readonly ConcurrentDictionary<string, (string KioskId, Requested Request)> _open = new(StringComparer.Ordinal);

    /// <summary>Asks the kiosk for a screenshot; a request still open for it is reused, so repeated clicks cost one capture.</summary>
    public async Task<Requested> RequestAsync(string kioskId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var (id, open) in _open)
        {
            if (open.Request.ExpiresAt <= now)
            {
                _open.TryRemove(id, out _);
            }
            else if (open.KioskId == kioskId)
            {
                return open.Request;
            }
        }
        var connections = sessions.Matching(s => s.KioskId == kioskId).Select(s => s.ConnectionId).ToList();
        if (connections.Count == 0)
        {
            throw ApiException.Conflict($"kiosk {kioskId} is not connected; a screenshot needs a live connection");
        }
        var request = new Requested(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)), now, now + options.Value.ScreenshotRequestLifetime);
        _open[request.RequestId] = (kioskId, request);
        await hub.Clients.Clients(connections).SendAsync(SyncProtocol.CaptureScreenshot, new ScreenshotRequest { RequestId = request.RequestId }, cancellationToken);
        logger.LogInformation("Asked kiosk {KioskId} for a screenshot ({RequestId})", kioskId, request.RequestId);
        return request;
    }

    /// <summary>Stores a kiosk's answer: at most <see cref="FleetProtocol.MaxScreenshotBytes"/>, and a PNG.</summary>
    public async Task<Stored> SaveAsync(string kioskId, string? requestId, Stream body, CancellationToken cancellationToken)
    {
        if (requestId is null || !_open.TryGetValue(requestId, out var open) || open.KioskId != kioskId || open.Request.ExpiresAt <= time.GetUtcNow())
        {
            throw ApiException.BadRequest("no open screenshot request with that requestId for this kiosk", "requestId");
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > FleetProtocol.MaxScreenshotBytes)
            {
                throw new ApiException(StatusCodes.Status413PayloadTooLarge, $"a screenshot may be at most {FleetProtocol.MaxScreenshotBytes / (1024 * 1024)} MB");
            }
            buffer.Write(chunk, 0, read);
        }
        if (!PngFile.HasSignature(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)))
        {
            throw new ApiException(StatusCodes.Status415UnsupportedMediaType, "a screenshot must be a PNG image");
        }
        var path = PathOf(kioskId);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var temporary = path + ".partial";
        await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            buffer.Position = 0;
            await buffer.CopyToAsync(file, cancellationToken);
        }
        File.Move(temporary, path, overwrite: true);
        var takenAt = time.GetUtcNow();
        await using (var connection = await db.OpenAsync(cancellationToken))
        {
            await connection.ExecAsync(
                """
                INSERT INTO screenshots(kiosk_id, request_id, taken_at, size) VALUES (@kiosk, @request, @at, @size)
                    ON CONFLICT(kiosk_id) DO UPDATE SET request_id = excluded.request_id, taken_at = excluded.taken_at, size = excluded.size;
                """,
                null, cancellationToken, ("@kiosk", kioskId), ("@request", requestId), ("@at", takenAt.ToString("O", CultureInfo.InvariantCulture)), ("@size", buffer.Length));
        }
        _open.TryRemove(requestId, out _);
        logger.LogInformation("Kiosk {KioskId} sent its screenshot ({Size} bytes)", kioskId, buffer.Length);
        return new Stored(path, requestId, takenAt, buffer.Length);
    }

    public async Task<Stored?> LatestAsync(string kioskId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrNullAsync<ScreenshotRow>(
            "SELECT request_id, taken_at, size FROM screenshots WHERE kiosk_id = @kiosk;", null, cancellationToken, ("@kiosk", kioskId));
        var path = PathOf(kioskId);
        return row is not null && File.Exists(path) ? new Stored(path, row.RequestId, row.TakenAt, row.Size) : null;
    }

    private sealed class ScreenshotRow
    {
        public string RequestId { get; init; } = "";
        public DateTimeOffset TakenAt { get; init; }
        public long Size { get; init; }
    }

    /// <summary>File names from a hash of the id: kiosk ids are validated, but a path never has to trust that.</summary>
    private string PathOf(string kioskId) =>
        System.IO.Path.GetFullPath(System.IO.Path.Combine(storage.Value.DataDirectory, "screenshots",
            Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(kioskId)))[..32] + ".png"));
}
