using SignageKiosk.Kiosk.Media;
using SignageKiosk.Shared.Fleet;

namespace SignageKiosk.Kiosk.Pairing;

/// <summary>
/// Tells the controller when the screen goes off or on, or the disk fills up, retrying until it hears. Each
/// Hello carries the state too, so a change made while offline is not lost.
/// </summary>
public sealed class ScreenReporter(ScreenState screen, MediaStatus media, DeviceCredentials credentials, ControllerClient controller, TimeProvider time, ILogger<ScreenReporter> logger)
    : BackgroundService
{
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!controller.Configured)
        {
            return;
        }
        screen.Changed += () => Volatile.Read(ref _changed).TrySetResult();
        media.Changed += () => Volatile.Read(ref _changed).TrySetResult();
        // Each Hello says the state too; only changes in between need a report.
        var reported = new FleetReport();
        while (!stoppingToken.IsCancellationRequested)
        {
            var changed = Volatile.Read(ref _changed).Task;
            var now = new FleetReport { ScreenOff = screen.Off, StorageFull = media.StorageFull };
            if (reported != now && credentials.Current is { } credential)
            {
                try
                {
                    await controller.ReportAsync(now, credential, stoppingToken);
                    reported = now;
                    logger.LogInformation("Reported to the controller: screen {State}, storage {Storage}", now.ScreenOff ? "off" : "on", now.StorageFull ? "full" : "ok");
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogInformation("Could not report the screen state yet: {Message}", e.Message);
                }
            }
            if (reported == now)
            {
                await changed.WaitAsync(stoppingToken);
                Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            }
            else
            {
                await Task.WhenAny(changed, Task.Delay(TimeSpan.FromSeconds(5), time, stoppingToken));
            }
        }
    }
}
