using Microsoft.AspNetCore.SignalR;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Fleet;
using SignageKiosk.Controller.Sync;
using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Controller.Pairing;

/// <summary>
/// Wraps the kiosk hub's Hello without touching the hub: refuses a connection whose credential has been
/// retired, records what the kiosk reports about itself, and hands it its next credential.
/// </summary>
public sealed class CredentialRotationHubFilter(CredentialRotation rotation, FleetReports reports) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (invocationContext.Hub is not KioskHub || invocationContext.HubMethodName != SyncProtocol.Hello)
        {
            return await next(invocationContext);
        }
        var context = invocationContext.Context;
        var kioskId = context.User?.KioskId();
        var http = context.GetHttpContext();
        var presented = PresentedHash(http);
        if (kioskId is null || presented is null)
        {
            return await next(invocationContext);
        }
        var cancellationToken = context.ConnectionAborted;
        if (!await rotation.BeginHelloAsync(context.ConnectionId, kioskId, presented, http?.Connection.RemoteIpAddress?.ToString(), cancellationToken))
        {
            context.Abort();
            throw new HubException("this device credential is no longer valid");
        }
        var result = await next(invocationContext);
        if (result is not HelloResponse response)
        {
            return result;
        }
        var request = invocationContext.HubMethodArguments.Count > 0 ? invocationContext.HubMethodArguments[0] as HelloRequest : null;
        var issued = await rotation.CompleteHelloAsync(context.ConnectionId, request?.AcceptsNewCredential == true, cancellationToken);
        if (issued is null)
        {
            context.Abort();
            throw new HubException("this device credential is no longer valid");
        }
        if (request is not null)
        {
            await reports.RecordHelloAsync(kioskId, request, cancellationToken);
        }
        return issued.Length > 0 ? response with { NewCredential = issued } : response;
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        rotation.ConnectionClosed(context.Context.ConnectionId);
        await next(context, exception);
    }

    private static string? PresentedHash(HttpContext? http)
    {
        string? header = http?.Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var secret = header["Bearer ".Length..].Trim();
        return secret.StartsWith(Secrets.KioskCredentialPrefix, StringComparison.Ordinal) ? Secrets.Hash(secret) : null;
    }
}
