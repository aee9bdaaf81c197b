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
            throw new ApiException(StatusCodes.Status415UnsupportedMediaType, "请以 JSON 格式发送请求内容（Content-Type: application/json） (send the body as application/json)");
        }
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(context.Request.Body, ContentJson.Options, cancellationToken)
                ?? throw ApiException.BadRequest("请求内容须为一个 JSON 对象 (the body must be a JSON object)");
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
            throw new ApiException(StatusCodes.Status415UnsupportedMediaType, "请以 JSON 格式发送请求内容（Content-Type: application/json） (send the body as application/json)");
        }
        try
        {
            return await JsonNode.ParseAsync(context.Request.Body, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }, cancellationToken: cancellationToken) as JsonObject
                ?? throw ApiException.BadRequest("请求内容须为一个 JSON 对象 (the body must be a JSON object)");
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest("JSON 格式有误，无法读取 (malformed JSON): " + e.Message);
        }
    }

    public static T Convert<T>(JsonObject body)
    {
        try
        {
            return body.Deserialize<T>(ContentJson.Options) ?? throw ApiException.BadRequest("请求内容须为一个 JSON 对象 (the body must be a JSON object)");
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
            return body.Deserialize(type, ContentJson.Options) ?? throw ApiException.BadRequest("请求内容须为一个 JSON 对象 (the body must be a JSON object)");
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
            return $"没有“{field}”这一项，请删去 (unknown field '{field}')";
        }
        if (e.Message.Contains("missing required properties", StringComparison.Ordinal))
        {
            var names = System.Text.RegularExpressions.Regex.Match(e.Message, "properties including: (.*)\\.").Groups[1].Value;
            return $"缺少必填项：{names} (missing required fields: {names})";
        }
        return field is null ? "有一项的值格式不对 (invalid JSON value)" : $"“{field}”的值格式不对 (invalid value for '{field}')";
    }
}
