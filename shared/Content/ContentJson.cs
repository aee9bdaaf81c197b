using System.Text.Json;
using System.Text.Json.Serialization;

namespace SignageKiosk.Shared.Content;

/// <summary>
/// The one JSON shape used on the wire, in the stores and in content/: camelCase names, enums as
/// camelCase strings, unknown fields rejected (a typo in a field name must not silently drop data).
/// </summary>
public static class ContentJson
{
    public static readonly JsonSerializerOptions Options = Create();

    public static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            // {"id": "a", "id": "b"} means different things to different parsers: refuse it.
            AllowDuplicateProperties = false,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException("null value");

    public static ContentItem DeserializeItem(string kind, string json) =>
        (ContentItem)(JsonSerializer.Deserialize(json, ContentKind.Items[kind], Options)
            ?? throw new JsonException("null item"));
}
