using SignageKiosk.Controller.Api;
using SignageKiosk.Shared.Fleet;

namespace SignageKiosk.Controller.Fleet;

/// <summary>Reads <c>state</c> and <c>flag</c> the same way for the API and the staff page: a bad value is a clear 400.</summary>
public static class FleetFilters
{
    public static KioskState? ParseState(string? state)
    {
        if (string.IsNullOrWhiteSpace(state))
        {
            return null;
        }
        return TryParse<KioskState>(state, out var parsed)
            ? parsed
            : throw ApiException.BadRequest($"state 无效：须为 {Names<KioskState>()} 之一 (state must be one of {Names<KioskState>()})", "state");
    }

    public static FleetFlag? ParseFlag(string? flag)
    {
        if (string.IsNullOrWhiteSpace(flag))
        {
            return null;
        }
        return TryParse<FleetFlag>(flag, out var parsed)
            ? parsed
            : throw ApiException.BadRequest($"flag 无效：须为 {Names<FleetFlag>()} 之一 (flag must be one of {Names<FleetFlag>()})", "flag");
    }

    /// <summary>The camel-case name the API writes (<c>neverSeen</c>, <c>storageFull</c>).</summary>
    public static string Name<T>(T value) where T : struct, Enum => Camel(value.ToString());

    private static bool TryParse<T>(string text, out T value) where T : struct, Enum
    {
        value = default;
        // Digits are refused: "3" would otherwise parse as a state.
        return !text.Any(char.IsDigit)
            && Enum.TryParse(text.Trim().Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out value)
            && Enum.IsDefined(value);
    }

    private static string Names<T>() where T : struct, Enum => string.Join(", ", Enum.GetNames<T>().Select(Camel));

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
