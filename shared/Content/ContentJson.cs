using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

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
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { CleanStaffText } },
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>
    /// Every text field of the shared records (notices, people, hotlines, activities, broadcasts, supplies,
    /// places…) passes through <see cref="StaffText.Clean"/> when read (API bodies, stored rows, the kiosk's
    /// cache) and when written (what is stored and sent to kiosks). Ids are left alone so that the validator
    /// still refuses an id with hidden characters instead of silently storing another id.
    /// </summary>
    private static void CleanStaffText(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object || info.Type.Assembly != typeof(ContentItem).Assembly)
        {
            return;
        }
        foreach (var property in info.Properties)
        {
            if (property.PropertyType != typeof(string) || IsId(property.Name))
            {
                continue;
            }
            if (property.Get is { } get)
            {
                property.Get = owner => StaffText.CleanOrNull((string?)get(owner));
            }
            if (property.Set is { } set)
            {
                property.Set = (owner, value) => set(owner, StaffText.CleanOrNull((string?)value));
            }
        }
    }

    private static bool IsId(string jsonName) =>
        jsonName == "id" || jsonName.EndsWith("Id", StringComparison.Ordinal) || jsonName == "sha256";

    /// <summary>The record as it will be stored and shown: every text field through <see cref="StaffText.Clean"/>.</summary>
    public static T Normalise<T>(T record) where T : class =>
        (T)(JsonSerializer.Deserialize(JsonSerializer.Serialize(record, record.GetType(), Options), record.GetType(), Options)
            ?? throw new JsonException("null value"));

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException("null value");

    public static ContentItem DeserializeItem(string kind, string json) =>
        (ContentItem)(JsonSerializer.Deserialize(json, ContentKind.Items[kind], Options)
            ?? throw new JsonException("null item"));
}
