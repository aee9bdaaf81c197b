using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Options;
using SignageKiosk.Kiosk.Sync;
using SignageKiosk.Shared.ProofOfDisplay;
using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Kiosk.ProofOfDisplay;

/// <summary>
/// Sends unsent display hours to the controller right after each hello and every few minutes, in bounded batches,
/// and marks them sent only once the controller has answered. Hours are running totals, so sending one again
/// (after a lost answer, or because more time was added) is harmless.
/// </summary>
public sealed class DisplayUploader(DisplayLog log, ControllerLink link, TimeProvider time, IOptions<DisplayOptions> options, ILogger<DisplayUploader> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.UploadInterval > TimeSpan.Zero ? options.Value.UploadInterval : TimeSpan.FromMinutes(3);
        return new LinkWake(link).RunAsync(interval, UploadAsync, stoppingToken);
    }

    private async Task UploadAsync(HubConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            // Judge "too old" and "in the future" as the controller will: the kiosk's time is already corrected to
            // the controller's clock (KioskClock).
            var controllerNow = time.GetUtcNow();
            if (log.DropBefore(controllerNow - DisplayRules.MaxAge) is > 0 and var dropped)
            {
                logger.LogWarning("Dropped {Count} display hours too old for the controller to take", dropped);
            }
            var sent = 0;
            while (!cancellationToken.IsCancellationRequested)
            {
                var batch = log.Unsent(controllerNow + DisplayRules.MaxAhead, DisplayRules.MaxRecords);
                if (batch.Count == 0)
                {
                    break;
                }
                await connection.InvokeAsync<DisplayReportResult>(SyncProtocol.ReportDisplay, new DisplayReport { Records = batch }, cancellationToken);
                log.MarkSent(batch);
                sent += batch.Count;
                if (batch.Count < DisplayRules.MaxRecords)
                {
                    break;
                }
            }
            if (sent > 0)
            {
                logger.LogInformation("Uploaded {Count} display hours", sent);
            }
        }
        catch (HubException e)
        {
            logger.LogWarning("The controller refused the display hours: {Message}", e.Message);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Offline again or the connection went away: the hours stay unsent and go next time.
            logger.LogInformation("Could not upload display hours yet: {Message}", e.Message);
        }
    }
}
