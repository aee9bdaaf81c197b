using Microsoft.Extensions.Options;
using SignageKiosk.Kiosk.Storage;
using SignageKiosk.Kiosk.Cache;
using SignageKiosk.Kiosk.Sync;
using SignageKiosk.Shared.Media;
using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Kiosk.Media;

/// <summary>
/// Downloads the media the cached items need, resuming partial files, and accepts a file only when its
/// size and SHA-256 match. Until then the items that need it are not shown.
/// </summary>
public sealed class MediaFetcher(
    KioskCache cache,
    IHttpClientFactory httpClientFactory,
    IOptions<KioskOptions> options,
    ControllerEndpoints endpoints,
    MediaStatus status,
    TimeProvider time,
    ILogger<MediaFetcher> logger) : BackgroundService
{
    private readonly Dictionary<string, DateTimeOffset> _retryAfter = new(StringComparer.Ordinal);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string PathOf(string sha256) => Path.Combine(options.Value.MediaDirectory, sha256);

    /// <summary>The declared type of a file the cached items use, so the board can show it.</summary>
    public string? ContentTypeOf(string sha256) =>
        NeededMedia(cache.Content()).FirstOrDefault(m => m.Sha256 == sha256)?.ContentType;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        OwnerOnly.Folder(settings.DataDirectory);
        OwnerOnly.Folder(settings.MediaDirectory);
        cache.Changed += () => Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        // A file the cache calls verified but that is gone from disk must be fetched again.
        foreach (var sha in cache.Content().VerifiedMedia.Where(sha => !File.Exists(PathOf(sha))).ToList())
        {
            cache.ForgetMedia(sha);
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            var changed = _changed.Task;
            try
            {
                var content = cache.Content();
                var missing = NeededMedia(content).Where(m => !content.VerifiedMedia.Contains(m.Sha256)).ToList();
                status.Pending = missing.Count;
                if (endpoints.Configured)
                {
                    foreach (var media in missing)
                    {
                        if (_retryAfter.TryGetValue(media.Sha256, out var after) && after > time.GetUtcNow())
                        {
                            continue;
                        }
                        await FetchAsync(media, stoppingToken);
                    }
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // A disk error must not take the board down; try again on the next round.
                status.LastError = e.Message;
                logger.LogError(e, "Media round failed");
            }
            await Task.WhenAny(changed, Task.Delay(settings.MediaRetryInterval, time, stoppingToken));
        }
    }

    // ENOSPC (28) and EDQUOT (122) on Linux; .NET reports the errno as the HResult of the IOException it throws.
    private static bool IsDiskFull(IOException e) => e.HResult is 28 or 122 || e.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase);

    private void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException e)
        {
            logger.LogWarning("Could not remove {Path}: {Message}", path, e.Message);
        }
    }

    private static IEnumerable<MediaRef> NeededMedia(Shared.Board.BoardContent content) =>
        content.People.SelectMany(i => i.Media())
            .Concat(content.Activities.SelectMany(i => i.Media()))
            .Concat(content.Notices.SelectMany(i => i.Media()))
            .DistinctBy(m => m.Sha256);

    /// <summary>Fetches the file into <paramref name="partial"/>, resuming from the bytes already there.</summary>
    private async Task DownloadAsync(MediaRef media, string partial, CancellationToken cancellationToken)
    {
        using var client = httpClientFactory.CreateClient(nameof(MediaFetcher));
        await ResumableDownload.FetchAsync(client, endpoints, "api/media/" + media.Sha256, options.Value.ResolveCredential(), partial, media.Size, cancellationToken);
    }

    private async Task FetchAsync(MediaRef media, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var partial = Path.Combine(settings.MediaDirectory, ".partial-" + media.Sha256);
        try
        {
            // Whole already (the kiosk stopped between the last byte and the check): verify it, do not fetch it again.
            if (!File.Exists(partial) || new FileInfo(partial).Length != media.Size)
            {
                await DownloadAsync(media, partial, cancellationToken);
            }
            var length = new FileInfo(partial).Length;
            if (length != media.Size)
            {
                throw new InvalidDataException($"got {length} bytes of {media.Size}");
            }
            var actual = await ResumableDownload.Sha256OfAsync(partial, cancellationToken);
            if (actual != media.Sha256)
            {
                throw new InvalidDataException($"SHA-256 is {actual}, expected {media.Sha256}");
            }
            File.Move(partial, PathOf(media.Sha256), overwrite: true);
            cache.MarkMediaVerified(media);
            status.SetStorageFull(false);
            _retryAfter.Remove(media.Sha256);
            status.CountVerified();
            logger.LogInformation("Media {Sha256} verified ({Size} bytes)", media.Sha256, media.Size);
        }
        catch (IOException e) when (IsDiskFull(e) && !cancellationToken.IsCancellationRequested)
        {
            // Give the space back at once: the cache shares this disk and must keep taking changes.
            TryDelete(partial);
            status.SetStorageFull(true);
            status.LastError = e.Message;
            _retryAfter[media.Sha256] = time.GetUtcNow() + settings.MediaRetryInterval;
            logger.LogError("No space left for media {Sha256} ({Size} bytes); the board keeps showing what it has", media.Sha256, media.Size);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            if (e is InvalidDataException)
            {
                // Never resume from bytes that failed verification.
                File.Delete(partial);
                status.CountRejected();
            }
            status.LastError = e.Message;
            _retryAfter[media.Sha256] = time.GetUtcNow() + settings.MediaRetryInterval;
            logger.LogWarning("Media {Sha256} not accepted: {Message}", media.Sha256, e.Message);
        }
    }
}

public sealed class MediaStatus
{
    private long _verified;
    private long _rejected;

    private volatile bool _storageFull;

    public int Pending { get; set; }
    public string? LastError { get; set; }
    /// <summary>The last download failed for want of disk space (cleared by the next one that fits).</summary>
    public bool StorageFull => _storageFull;

    /// <summary>Raised when <see cref="StorageFull"/> changes, so the fleet hears of it.</summary>
    public event Action? Changed;

    public void SetStorageFull(bool full)
    {
        if (_storageFull != full)
        {
            _storageFull = full;
            Changed?.Invoke();
        }
    }
    public long Verified => Interlocked.Read(ref _verified);
    public long Rejected => Interlocked.Read(ref _rejected);

    public void CountVerified() => Interlocked.Increment(ref _verified);
    public void CountRejected() => Interlocked.Increment(ref _rejected);
}
