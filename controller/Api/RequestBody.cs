using System.Text.Json;
using System.Text.Json.Nodes;
using SignageKiosk.Shared.Content;

namespace SignageKiosk.Controller.Api;

/// <summary>Reads JSON bodies with the content rules (unknown fields refused) and clear messages.</summary>
public static class RequestBody
{
    public static async Task<T> ReadAsync<T>(HttpContext context, CancellationToken cancellationToken)
    {
        if (!context.Request.HasJsonContentType())
        {
            throw new ApiException(StatusCodes.Status415UnsupportedMediaType, "send the body as application/json");
        }
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(context.Request.Body, ContentJson.Options, cancellationToken)
                ?? throw ApiException.BadRequest("the body must be a JSON object");
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest(Describe(e), e.Path);
        }
    }

    public static async Task<JsonObject> ReadObjectAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (!context.Request.HasJsonContentType())
        {
            throw new ApiException(StatusCodes.Status415UnsupportedMediaType, "send the body as application/json");
        }
        try
        {
            return await JsonNode.ParseAsync(context.Request.Body, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }, cancellationToken: cancellationToken) as JsonObject
                ?? throw ApiException.BadRequest("the body must be a JSON object");
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest("malformed JSON: " + e.Message);
        }
    }

    public static T Convert<T>(JsonObject body)
    {
        try
        {
            return body.Deserialize<T>(ContentJson.Options) ?? throw ApiException.BadRequest("the body must be a JSON object");
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest(Describe(e), e.Path);
        }
    }

    public static object Convert(JsonObject body, Type type)
    {
        try
        {
            return body.Deserialize(type, ContentJson.Options) ?? throw ApiException.BadRequest("the body must be a JSON object");
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest(Describe(e), e.Path);
        }
    }

    private static string Describe(JsonException e)
    {
        // System.Text.Json's messages name .NET types; say it in the API's own terms instead.
        var field = e.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : null;
        if (e.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return $"unknown field '{field}'";
        }
        if (e.Message.Contains("missing required properties", StringComparison.Ordinal))
        {
            var names = System.Text.RegularExpressions.Regex.Match(e.Message, "properties including: (.*)\\.").Groups[1].Value;
            return $"missing required fields: {names}";
        }
        return field is null ? "invalid JSON value" : $"invalid value for '{field}'";
    }
}
