using Microsoft.Extensions.Options;

namespace SignageKiosk.Kiosk.Storage;

/// <summary>Saves the store's good copy when it has changed and the last copy is older than the interval.</summary>
public sealed class GoodCopyTimer(KioskStore store, IOptions<KioskOptions> options, TimeProvider time, ILogger<GoodCopyTimer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.Store.GoodCopyInterval;
        var tick = interval < TimeSpan.FromSeconds(30) ? interval : TimeSpan.FromSeconds(30);
        using var timer = new PeriodicTimer(tick > TimeSpan.Zero ? tick : TimeSpan.FromSeconds(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    store.SaveGoodCopyIfDue();
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    logger.LogWarning("Saving the store's good copy failed: {Message}", e.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
