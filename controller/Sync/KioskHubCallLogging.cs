using Microsoft.AspNetCore.SignalR;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Observability;
using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Controller.Sync;

/// <summary>
/// Logs a kiosk's refused hub call as one warning line (who, which method, why) and any other failure as an
/// error with its exception. SignalR's own "Failed to invoke hub method" log is switched off
/// (<see cref="Silenced"/>): it logs every refusal as an error with a stack trace, so one misbehaving kiosk
/// would fill the controller's error log with what is only bad input. Refusals are also counted (/metrics), and every
/// call but Ack runs in a <see cref="KioskLogScope"/>, so whatever it logs names the kiosk.
/// </summary>
public sealed class KioskHubCallLogging(ControllerMetrics metrics, ILogger<KioskHubCallLogging> logger) : IHubFilter
{
    /// <summary>The framework category whose invocation errors this filter logs instead.</summary>
    public const string Silenced = "Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher";

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        // Ack, the one call per change per kiosk, logs nothing of its own (its refusal line below names the kiosk), so
        // it is spared the scope's allocations.
        using var scope = invocationContext.HubMethodName == SyncProtocol.Ack ? null : Scope(invocationContext.Context);
        try
        {
            return await next(invocationContext);
        }
        catch (HubException refused)
        {
            metrics.HubRefused(invocationContext.HubMethodName);
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

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        using var scope = Scope(context.Context);
        await next(context);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        using var scope = Scope(context.Context);
        await next(context, exception);
    }

    private static readonly object ScopeKey = new();

    /// <summary>The connection's scope state, made once per connection and kept in its items.</summary>
    private IDisposable? Scope(HubCallerContext connection)
    {
        if (!connection.Items.TryGetValue(ScopeKey, out var state))
        {
            state = connection.User?.KioskId() is { } kioskId ? new KioskLogScope(kioskId) : null;
            connection.Items[ScopeKey] = state;
        }
        return state is KioskLogScope kiosk ? logger.BeginScope(kiosk) : null;
    }
}
