using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Options;
using SignageKiosk.Kiosk.Sync;
using SignageKiosk.Shared.Reports;
using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Kiosk.Reports;

/// <summary>
/// Delivers pending reports over the hub whenever the kiosk is connected: at once when one is made, after every
/// hello, and every <see cref="ReportOptions.SendInterval"/>. A report is marked delivered only after the controller
/// answered; a kiosk killed before that sends it again with the same key and gets the same reference back.
/// </summary>
public sealed class ReportSender(ReportOutbox outbox, ControllerLink link, IOptions<ReportOptions> options, ILogger<ReportSender> logger)
    : BackgroundService
{
    private const int Batch = 20;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var wake = new LinkWake(link);
        outbox.Added += wake.Now;
        // Reports left pending by the last run go as soon as the link is up.
        wake.Now();
        var interval = options.Value.SendInterval > TimeSpan.Zero ? options.Value.SendInterval : TimeSpan.FromMinutes(1);
        return wake.RunAsync(interval, SendAsync, stoppingToken);
    }

    private async Task SendAsync(HubConnection connection, CancellationToken cancellationToken)
    {
        foreach (var report in outbox.PendingReports(Batch))
        {
            try
            {
                var receipt = await connection.InvokeAsync<ReportReceipt>(SyncProtocol.SubmitReport, report, cancellationToken);
                outbox.MarkDelivered(report.IdempotencyKey, receipt.Reference);
                logger.LogInformation("Report {Key} delivered as {Reference}", report.IdempotencyKey, receipt.Reference);
            }
            catch (HubException e) when (ControllerRefusal.Reason(e.Message) is { } reason)
            {
                // The controller refused it for good: sending it again would be refused again.
                outbox.MarkRefused(report.IdempotencyKey, reason);
                logger.LogWarning("The controller refused report {Key}: {Reason}", report.IdempotencyKey, reason);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // Offline again, the connection went away, or the controller failed to take it: the report stays pending
                // and goes next time.
                logger.LogInformation("Could not deliver report {Key} yet: {Message}", report.IdempotencyKey, e.Message);
                return;
            }
        }
    }
}
