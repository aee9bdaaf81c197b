using SignageKiosk.Shared.Reports;

namespace SignageKiosk.Controller.Reports;

/// <summary>
/// Refreshes the monthly figures behind the request paths: a compound's after a report about it arrives
/// (<see cref="ReportSignal"/>), every compound with reports when the controller starts and when the station-local
/// month turns (a board must not show last month's counts as this month's).
/// </summary>
public sealed class ReportFiguresService(ReportFiguresPublisher figures, ReportSignal signal, TimeProvider time, ILogger<ReportFiguresService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await RunAsync(() => figures.RefreshAllAsync(stoppingToken), "all compounds");
        var monthTurn = MonthTurnAsync(stoppingToken);
        var arrived = signal.Reader.WaitToReadAsync(stoppingToken).AsTask();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.WhenAny(monthTurn, arrived);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            if (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            if (monthTurn.IsCompleted)
            {
                await RunAsync(() => figures.RefreshAllAsync(stoppingToken), "all compounds at the month's turn");
                monthTurn = MonthTurnAsync(stoppingToken);
            }
            if (arrived.IsCompleted)
            {
                var buildings = new HashSet<string>(StringComparer.Ordinal);
                while (signal.Reader.TryRead(out var building))
                {
                    buildings.Add(building);
                }
                foreach (var building in buildings)
                {
                    await RunAsync(() => figures.RefreshAsync(building, stoppingToken), building);
                }
                arrived = signal.Reader.WaitToReadAsync(stoppingToken).AsTask();
            }
        }
    }

    /// <summary>Completes a second after the next station-local month begins.</summary>
    private Task MonthTurnAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var wait = ReportFiguresCalculator.MonthBounds(now).End - now + TimeSpan.FromSeconds(1);
        return Task.Delay(wait, time, cancellationToken);
    }

    private async Task RunAsync(Func<Task> refresh, string what)
    {
        try
        {
            await refresh();
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            // The next change or month's turn tries again; the boards keep the last figures meanwhile.
            logger.LogWarning(e, "Refreshing report figures for {What} failed", what);
        }
    }
}
