using Microsoft.AspNetCore.SignalR;
using SignageKiosk.Controller.Auth;

namespace SignageKiosk.Controller.Sync;

/// <summary>
/// Logs a kiosk's refused hub call as one warning line (who, which method, why) and any other failure as an
/// error with its exception. SignalR's own "Failed to invoke hub method" log is switched off
/// (<see cref="Silenced"/>): it logs every refusal as an error with a stack trace, so one misbehaving kiosk
/// would fill the controller's error log with what is only bad input.
/// </summary>
public sealed class KioskHubCallLogging(ILogger<KioskHubCallLogging> logger) : IHubFilter
{
    /// <summary>The framework category whose invocation errors this filter logs instead.</summary>
    public const string Silenced = "Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher";

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        catch (HubException refused)
        {
            logger.LogWarning("Kiosk {KioskId}: {HubMethod} refused: {Reason}",
                invocationContext.Context.User?.KioskId() ?? "(not a kiosk)", invocationContext.HubMethodName, refused.Message);
            throw;
        }
        catch (Exception failed) when (!invocationContext.Context.ConnectionAborted.IsCancellationRequested)
        {
            logger.LogError(failed, "Kiosk {KioskId}: {HubMethod} failed",
                invocationContext.Context.User?.KioskId() ?? "(not a kiosk)", invocationContext.HubMethodName);
            throw;
        }
    }
}
