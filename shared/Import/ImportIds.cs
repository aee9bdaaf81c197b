using System.Security.Cryptography;
using System.Text;

namespace SignageKiosk.Shared.Import;

/// <summary>
/// Ids for imported records that depend only on what identifies them, so importing the same sheet twice
/// updates the same records instead of duplicating them. The target is part of every key: the same name
/// in two compounds is two people.
/// </summary>
public static class ImportIds
{
    public static string Person(string target, string name, string phone) => Make("p", target, name, ImportText.PhoneKey(phone));

    public static string RosterEntry(string personId, string role, string buildingId, string? unitId) => Make("r", personId, role, buildingId, unitId ?? "");

    public static string DutyShift(string target, string personName, string role, DateTime start) =>
        Make("d", target, personName, role, start.ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));

    private static string Make(string prefix, params string[] parts)
    {
        // A separator that cannot be typed into a cell keeps ("ab", "c") and ("a", "bc") apart.
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001F', parts)));
        return $"{prefix}-imp-{Convert.ToHexStringLower(hash)[..16]}";
    }
}
