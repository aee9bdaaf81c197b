using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;

namespace SignageKiosk.Kiosk.Sync;

/// <summary>
/// The loop of the kiosk's senders (display hours, residents' reports): wake when the link says hello, when asked,
/// or when the interval passes, and then, if connected, run one round on the live connection. Wake-ups while a round
/// runs fold into one.
/// </summary>
public sealed class LinkWake
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly ControllerLink _link;

    public LinkWake(ControllerLink link)
    {
        _link = link;
        link.Ready += Now;
    }

    /// <summary>Asks for a round as soon as the link is up.</summary>
    public void Now() => _wake.Writer.TryWrite(true);

    /// <summary>Runs <paramref name="round"/> on each wake-up (or interval) while connected, until stopped.</summary>
    public async Task RunAsync(TimeSpan interval, Func<HubConnection, CancellationToken, Task> round, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                wait.CancelAfter(interval);
                await _wake.Reader.ReadAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // The interval passed without a wake-up: a round anyway if connected.
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (_link.Connection is { } connection)
            {
                await round(connection, stoppingToken);
            }
        }
    }
}
