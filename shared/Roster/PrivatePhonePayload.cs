using System.Text.Json;
using System.Text.Json.Nodes;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Content;

namespace SignageKiosk.Shared.Roster;

/// <summary>
/// A person's JSON as it may sit on a kiosk: a private number masked (<see cref="PhoneMask.Mask"/>). Works on the JSON
/// itself, so a record from a newer version with fields this one does not know is masked too, not refused.
/// Docs: docs/decisions/0019-private-numbers-stay-on-the-controller.md.
/// </summary>
public static class PrivatePhonePayload
{
    /// <summary>The payload unchanged (the same string) when nothing needs masking.</summary>
    public static string? Mask(string kind, string? payload)
    {
        if (payload is null || kind != ContentKind.Person)
        {
            return payload;
        }
        if (JsonNode.Parse(payload) is not JsonObject person
            || person["phonePublic"] is JsonValue flag && flag.GetValueKind() == JsonValueKind.True
            || person["phone"] is not JsonValue phone || phone.GetValueKind() != JsonValueKind.String)
        {
            return payload;
        }
        var whole = phone.GetValue<string>();
        var masked = PhoneMask.Mask(whole);
        if (masked == whole)
        {
            return payload;
        }
        person["phone"] = masked;
        return person.ToJsonString(ContentJson.Options);
    }
}
