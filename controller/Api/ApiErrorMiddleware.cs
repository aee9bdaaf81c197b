using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using SignageKiosk.Controller.Storage;

namespace SignageKiosk.Controller.Api;

/// <summary>
/// Turns refused requests into a JSON body with a clear message ({"error": "...", "field": "..."}), so
/// that no bad input ever surfaces as a 500 or an empty response.
/// </summary>
public sealed class ApiErrorMiddleware(RequestDelegate next, ILogger<ApiErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (ApiException e)
        {
            await WriteAsync(context, e.Status, e.Message, e.Field);
        }
        catch (BadHttpRequestException e)
        {
            var message = e.StatusCode == StatusCodes.Status413PayloadTooLarge ? "request body too large" : e.Message;
            await WriteAsync(context, e.StatusCode, message, null);
        }
        catch (JsonException e)
        {
            await WriteAsync(context, StatusCodes.Status400BadRequest, "invalid JSON: " + e.Message, e.Path);
        }
        catch (Exception e) when (StoreErrors.IsConstraint(e))
        {
            // A constraint the validators did not anticipate: still the caller's conflict, not a crash.
            // Outside the request's own kiosk scope (this middleware runs first): the line names the kiosk itself.
            using var scope = Observability.KioskLogScope.Begin(logger, context.User);
            logger.LogWarning("Constraint violation on {Path}: {Message}", context.Request.Path, e.Message);
            await WriteAsync(context, StatusCodes.Status409Conflict, "the change conflicts with existing data (still referenced, or a duplicate)", null);
        }
        catch (Exception e) when (Storage.StorageFull.Is(e))
        {
            // Each write is one transaction (or a temporary file), so a full disk leaves nothing half-written: say so, not 500.
            using var scope = Observability.KioskLogScope.Begin(logger, context.User);
            logger.LogError("Storage full on {Path}: {Message}", context.Request.Path, e.Message);
            await WriteAsync(context, StatusCodes.Status507InsufficientStorage, Storage.StorageFull.Message, null);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The caller went away; nothing to answer.
        }
    }

    public static async Task WriteAsync(HttpContext context, int status, string message, string? field)
    {
        if (context.Response.HasStarted)
        {
            return;
        }
        context.Response.Clear();
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(new ApiError(message, field));
    }
}

public sealed record ApiError(string Error, string? Field = null);
