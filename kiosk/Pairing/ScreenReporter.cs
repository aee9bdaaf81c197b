using SignageKiosk.Shared.Fleet;

namespace SignageKiosk.Kiosk.Pairing;

/// <summary>
/// Tells the controller when the screen goes off or on, retrying until it hears. Each Hello carries the state
/// too, so a change made while offline is not lost.
/// </summary>
public sealed class ScreenReporter(ScreenState screen, DeviceCredentials credentials, ControllerClient controller, TimeProvider time, ILogger<ScreenReporter> logger)
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
        // Each Hello says the screen state too; only changes in between need a report.
        var reported = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            var changed = Volatile.Read(ref _changed).Task;
            var off = screen.Off;
            if (reported != off && credentials.Current is { } credential)
            {
                try
                {
                    await controller.ReportAsync(new FleetReport { ScreenOff = off }, credential, stoppingToken);
                    reported = off;
                    logger.LogInformation("Reported the screen {State} to the controller", off ? "off" : "on");
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogInformation("Could not report the screen state yet: {Message}", e.Message);
                }
            }
            if (reported == off)
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
