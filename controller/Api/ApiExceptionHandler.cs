using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using SignageKiosk.Controller.Observability;
using SignageKiosk.Controller.Storage;

namespace SignageKiosk.Controller.Api;

/// <summary>
/// Turns refused requests into problem details with a clear message, so that no bad input ever surfaces as a 500 or
/// an empty response. What it does not recognise is left to the framework's handler: a 500 problem without the
/// exception's text, and an error in the log.
/// </summary>
public sealed class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, detail, field) = Describe(exception, context);
        if (status == 0)
        {
            return false;
        }
        await ApiProblem.WriteAsync(context, status, detail, field);
        return true;
    }

    private (int Status, string Detail, string? Field) Describe(Exception exception, HttpContext context)
    {
        switch (exception)
        {
            case ApiException refused:
                return (refused.Status, refused.Message, refused.Field);
            case BadHttpRequestException bad:
                return (bad.StatusCode, bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "请求内容过大 (request body too large)" : "请求无法读取，请检查后重试 (" + bad.Message + ")", null);
            case JsonException json:
                return (StatusCodes.Status400BadRequest, "JSON 格式无效 (invalid JSON): " + json.Message, json.Path);
        }
        if (StoreErrors.IsConstraint(exception))
        {
            // A constraint the validators did not anticipate: still the caller's conflict, not a crash.
            // Outside the request's own kiosk scope (the handler runs outside the pipeline): the line names the kiosk itself.
            using var scope = KioskLogScope.Begin(logger, context.User);
            logger.LogWarning("Constraint violation on {Path}: {Message}", context.Request.Path, exception.Message);
            return (StatusCodes.Status409Conflict, "修改与现有数据冲突（仍被引用，或与已有内容重复） (the change conflicts with existing data: still referenced, or a duplicate)", null);
        }
        if (StorageFull.Is(exception))
        {
            // Each write is one transaction (or a temporary file), so a full disk leaves nothing half-written: say so, not 500.
            using var scope = KioskLogScope.Begin(logger, context.User);
            logger.LogError("Storage full on {Path}: {Message}", context.Request.Path, exception.Message);
            return (StatusCodes.Status507InsufficientStorage, StorageFull.Message, null);
        }
        return (0, "", null);
    }
}
