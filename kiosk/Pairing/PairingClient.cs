using System.Net;
using System.Reflection;
using Microsoft.Extensions.Options;
using SignageKiosk.Shared.Fleet;
using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Kiosk.Pairing;

/// <summary>
/// A kiosk started without a credential pairs itself: it asks the controller for a code, shows it full-screen,
/// and polls with backoff until staff claim it, asking for a new code when one expires. The credential it
/// receives is stored in the data folder; the sync client, waiting for one, then connects without a restart.
/// </summary>
public sealed class PairingClient(
    DeviceCredentials credentials,
    ControllerClient controller,
    PairingState state,
    IOptions<KioskOptions> options,
    TimeProvider time,
    ILogger<PairingClient> logger) : BackgroundService
{
    private static readonly string Version = Updates.KioskVersion.Current;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!controller.Configured || credentials.Current is not null)
        {
            return;
        }
        var installationId = await InstallationId.EnsureAsync(settings, stoppingToken);
        logger.LogWarning("No device credential: pairing with {Controller} (installation {InstallationId})", controller.BaseUrl, installationId);
        state.Set(PairingState.Phase.Requesting, detail: $"{controller.BaseUrl} · {installationId[..8]}");
        for (var attempt = 0; !stoppingToken.IsCancellationRequested;)
        {
            if (credentials.Current is not null)
            {
                // An operator put a credential in place meanwhile.
                state.Set(PairingState.Phase.Paired);
                return;
            }
            PairingTicket ticket;
            try
            {
                ticket = await controller.RequestPairingAsync(new PairingRequest { InstallationId = installationId, SoftwareVersion = Version }, stoppingToken);
                attempt = 0;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                state.Set(PairingState.Phase.Unreachable, detail: $"{controller.BaseUrl}: {e.Message}");
                var delay = e is ControllerClient.RefusedException { RetryAfter: { } after }
                    ? after
                    : Backoff.Delay(attempt++, settings.ReconnectInitialDelay, settings.ReconnectMaxDelay, Random.Shared.NextDouble());
                logger.LogInformation("Could not get a pairing code ({Message}); retrying in {Delay}", e.Message, delay);
                await Task.Delay(delay, time, stoppingToken);
                continue;
            }
            state.Set(PairingState.Phase.ShowingCode, ticket.Code, ticket.ExpiresAt, $"{controller.BaseUrl} · {installationId[..8]}");
            logger.LogInformation("Showing pairing code {CodeHint} until {ExpiresAt}", PairingCode.Mask(ticket.Code), ticket.ExpiresAt);
            if (await PollAsync(ticket, stoppingToken) is { KioskId: { } kioskId, Credential: { } credential })
            {
                await credentials.SaveAsync(credential, kioskId, stoppingToken);
                state.Set(PairingState.Phase.Paired, detail: kioskId);
                logger.LogInformation("Paired as kiosk {KioskId}; credential stored", kioskId);
                return;
            }
        }
    }

    /// <summary>Polls until the code is claimed (the result) or is no longer any use (null: get a new code).</summary>
    private async Task<PairingPollResult?> PollAsync(PairingTicket ticket, CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var delay = settings.PairingPollInitialDelay;
        while (time.GetUtcNow() < ticket.ExpiresAt + settings.PairingPollMaxDelay)
        {
            await Task.Delay(delay, time, stoppingToken);
            delay = TimeSpan.FromTicks(Math.Min((long)(delay.Ticks * 1.5), settings.PairingPollMaxDelay.Ticks));
            try
            {
                var result = await controller.PollPairingAsync(ticket.PollToken, stoppingToken);
                if (result.Status == PairingPollResult.Paired)
                {
                    return result;
                }
            }
            catch (ControllerClient.RefusedException e) when (e.Status is HttpStatusCode.NotFound or HttpStatusCode.Gone)
            {
                logger.LogInformation("Pairing code {CodeHint} is no longer valid ({Message}); asking for a new one", PairingCode.Mask(ticket.Code), e.Message);
                return null;
            }
            catch (ControllerClient.RefusedException e) when (e.Status == HttpStatusCode.TooManyRequests)
            {
                delay = e.RetryAfter ?? settings.PairingPollMaxDelay;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The controller went away for a moment: keep the code on screen and keep polling.
                logger.LogInformation("Pairing poll failed: {Message}", e.Message);
            }
        }
        return null;
    }
}
