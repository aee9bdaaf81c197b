using Microsoft.Extensions.Options;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Shared.Backup;
using SignageKiosk.Shared.Board;

namespace SignageKiosk.Controller.Backup;

/// <summary>
/// Backs up on Backup:Schedule into Backup:Directory and then deletes the oldest beyond Backup:Keep. A failed backup is
/// logged as an error and tried again at the next time; it never stops the controller.
/// </summary>
public sealed class ScheduledBackups(IOptions<BackupOptions> options, IOptions<StorageOptions> storage, TimeProvider time, ILogger<ScheduledBackups> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (BackupSchedule.Parse(settings.Schedule, out _) is not { } schedule)
        {
            return;
        }
        var clock = new StationClock(settings.TimeZone);
        var last = time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = schedule.Next(last, clock);
            logger.LogInformation("Next scheduled backup at {Next}", next);
            try
            {
                await Task.Delay(next - time.GetUtcNow() is { Ticks: > 0 } wait ? wait : TimeSpan.Zero, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            last = next;
            await RunOnceAsync(stoppingToken);
        }
    }

    /// <summary>One backup and the retention after it; public for tests and for an operator's "now".</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        try
        {
            var (path, manifest) = await new BackupWriter(storage.Value, settings, time).WriteAsync(settings.Directory!, cancellationToken);
            logger.LogInformation("Backed up the store at sequence {Seq} and {Files} files to {Path}", manifest.HeadSeq, manifest.Files.Count, path);
            foreach (var old in Prune(settings.Directory!, settings.Keep))
            {
                logger.LogInformation("Deleted the old backup {Path} (Backup:Keep is {Keep})", old, settings.Keep);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(e, "Scheduled backup to {Directory} failed", settings.Directory);
        }
    }

    /// <summary>Deletes the backups beyond the newest <paramref name="keep"/> in the folder; returns what it deleted.</summary>
    public static IReadOnlyList<string> Prune(string directory, int keep)
    {
        var deleted = new List<string>();
        foreach (var name in BackupRetention.ToDelete(Directory.EnumerateFiles(directory).Select(Path.GetFileName)!, keep))
        {
            var path = Path.Combine(directory, name);
            File.Delete(path);
            deleted.Add(path);
        }
        return deleted;
    }
}
