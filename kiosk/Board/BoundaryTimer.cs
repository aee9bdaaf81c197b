using SignageKiosk.Kiosk.Cache;
using SignageKiosk.Kiosk.Clock;
using SignageKiosk.Shared.Board;

namespace SignageKiosk.Kiosk.Board;

/// <summary>
/// Re-renders the board at the exact moments its content changes by itself (a notice expires, a shift
/// ends, an activity starts, midnight), from the cache and the injected clock, with or without a network.
/// </summary>
public sealed class BoundaryTimer(KioskCache cache, BoardNotifier notifier, KioskClock time, ILogger<BoundaryTimer> logger) : BackgroundService
{
    private TaskCompletionSource _contentChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        void Recompute() => Interlocked.Exchange(ref _contentChanged, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        cache.Changed += Recompute;
        // A corrected clock moves every boundary.
        time.Corrected += Recompute;
        while (!stoppingToken.IsCancellationRequested)
        {
            var changed = _contentChanged.Task;
            var now = time.GetUtcNow();
            DateTimeOffset? next;
            try
            {
                next = BoardView.Evaluate(cache.Content(), now).NextBoundary;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Could not work out the next schedule boundary; retrying in a minute");
                next = now.AddMinutes(1);
            }
            // Long waits are cut into hours so a wall-clock jump (NTP correction) is noticed.
            var wait = next is { } boundary ? boundary - now : TimeSpan.FromHours(1);
            wait = TimeSpan.FromTicks(Math.Clamp(wait.Ticks, TimeSpan.FromMilliseconds(5).Ticks, TimeSpan.FromHours(1).Ticks));
            var delay = Task.Delay(wait, time, stoppingToken);
            var first = await Task.WhenAny(delay, changed);
            if (first == delay)
            {
                await delay.ContinueWith(_ => { }, TaskScheduler.Default);
                if (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                if (next is { } reached && time.GetUtcNow() >= reached)
                {
                    logger.LogDebug("Schedule boundary {Boundary} reached", reached);
                    notifier.Notify();
                }
            }
        }
    }
}
