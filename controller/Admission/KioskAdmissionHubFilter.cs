using Microsoft.AspNetCore.SignalR;
using SignageKiosk.Controller.Sync;
using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Controller.Admission;

/// <summary>A kiosk's first Ack on an admitted connection ends its handshake: its place goes to the next kiosk.</summary>
public sealed class KioskAdmissionHubFilter : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var result = await next(invocationContext);
        if (invocationContext.Hub is KioskHub && invocationContext.HubMethodName == SyncProtocol.Ack)
        {
            invocationContext.Context.GetHttpContext()?.Features.Get<AdmissionTicket>()?.Completed();
        }
        return result;
    }
}
