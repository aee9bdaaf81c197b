using SignageKiosk.Shared.Content;

namespace SignageKiosk.Controller.Api;

/// <summary>A request the controller refuses, with the status and the message the caller sees.</summary>
public sealed class ApiException(int status, string message, string? field = null) : Exception(message)
{
    public int Status { get; } = status;
    public string? Field { get; } = field;

    public static ApiException BadRequest(string message, string? field = null) => new(StatusCodes.Status400BadRequest, message, field);
    public static ApiException NotFound(string message) => new(StatusCodes.Status404NotFound, message);
    public static ApiException Conflict(string message) => new(StatusCodes.Status409Conflict, message);
    public static ApiException Forbidden(string message) => new(StatusCodes.Status403Forbidden, message);

    /// <summary>A validator's findings, each in zh-CN with the English (which names the field) after it; the first field at fault.</summary>
    public static ApiException Invalid(IReadOnlyList<ValidationError> errors) =>
        BadRequest(string.Join("；", errors.Select(e => e.Chinese is null ? e.Message : $"{e.Chinese} ({e.Message})")), errors[0].Field);
}
