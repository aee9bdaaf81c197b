using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SignageKiosk.Shared.Screen;

/// <summary>
/// A wall-clock time as "HH:mm" on the wire, as staff write it ("07:00", not "07:00:00"). "24:00" is read as
/// midnight, so that a period can end at the end of its day (08:00–24:00).
/// </summary>
public sealed class ClockTimeJsonConverter : JsonConverter<TimeOnly>
{
    public override TimeOnly Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String && ScreenHoursText.TryParseTime(reader.GetString(), out var time))
        {
            return time;
        }
        throw new JsonException("a time must be \"HH:mm\", e.g. \"07:00\" (\"24:00\" for the end of the day)");
    }

    public override void Write(Utf8JsonWriter writer, TimeOnly value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString("HH:mm", CultureInfo.InvariantCulture));
}
