using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Options;
using SignageKiosk.Kiosk.Sync;
using SignageKiosk.Shared.Reports;
using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Kiosk.Reports;

/// <summary>
/// The board's 查询进度 and rating, asked of the controller over the hub connection the sync client holds. Nothing
/// is kept on the kiosk: without a connection the answer is "try later", never a stale state.
/// </summary>
public sealed partial class ReportLookup(ControllerLink link, IOptions<ReportOptions> options, ILogger<ReportLookup> logger)
{
    public const string Offline = "网络未连接，暂时无法查询，请稍后再试";
    public const string Unavailable = "暂时无法查询，请稍后再试";
    public const string NotFound = "没有找到这个编号";

    /// <summary>The outcome for the page: an HTTP status and either a status view or a Chinese message.</summary>
    public sealed record Outcome(int StatusCode, ReportStatusView? Status, string? Error);

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Chinese();

    public Task<Outcome> LookUpAsync(string reference, CancellationToken cancellationToken) =>
        CallAsync(async (connection, token) =>
            await connection.InvokeAsync<ReportStatus?>(SyncProtocol.LookUpReport, reference, token) is { } status
                ? new Outcome(StatusCodes.Status200OK, ReportStatusView.From(status), null)
                : new Outcome(StatusCodes.Status404NotFound, null, NotFound), cancellationToken);

    public Task<Outcome> RateAsync(ReportRatingRequest request, CancellationToken cancellationToken) =>
        CallAsync(async (connection, token) =>
            new Outcome(StatusCodes.Status200OK, ReportStatusView.From(await connection.InvokeAsync<ReportStatus>(SyncProtocol.RateReport, request, token)), null),
            cancellationToken);

    private async Task<Outcome> CallAsync(Func<HubConnection, CancellationToken, Task<Outcome>> call, CancellationToken cancellationToken)
    {
        if (link.Connection is not { } connection)
        {
            return new Outcome(StatusCodes.Status503ServiceUnavailable, null, Offline);
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.LookUpTimeout > TimeSpan.Zero ? options.Value.LookUpTimeout : TimeSpan.FromSeconds(10));
        try
        {
            return await call(connection, timeout.Token);
        }
        catch (HubException e)
        {
            // The controller's refusals are in Chinese and meant for the resident; anything else (an older controller
            // without the method, say) is not something to put on a board.
            logger.LogInformation("The controller refused a report look-up or rating: {Message}", e.Message);
            var message = e.Message;
            var marker = message.IndexOf("HubException: ", StringComparison.Ordinal);
            if (marker >= 0)
            {
                message = message[(marker + "HubException: ".Length)..];
            }
            return Chinese().IsMatch(message)
                ? new Outcome(StatusCodes.Status409Conflict, null, message)
                : new Outcome(StatusCodes.Status502BadGateway, null, Unavailable);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("Report look-up or rating failed: {Message}", e.Message);
            return new Outcome(StatusCodes.Status503ServiceUnavailable, null, Offline);
        }
    }
}
