namespace SignageKiosk.Shared.Board;

/// <summary>
/// How a private number may be shown: at most its last four digits, every other digit a '*', whatever the
/// length (a 7-digit landline shows as ***3456, a mobile as *******5678); four digits or fewer show none.
/// Docs: docs/decisions/0019-private-numbers-stay-on-the-controller.md.
/// </summary>
public static class PhoneMask
{
    /// <summary>Most digits a masked number shows.</summary>
    public const int ShownDigits = 4;

    /// <summary>Shows a number only if its owner agreed; otherwise <see cref="Mask"/>.</summary>
    public static string Display(string? phone, bool isPublic)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return "";
        }
        return isPublic ? phone : Mask(phone);
    }

    /// <summary>
    /// The masked form. A '*' counts as a digit already hidden, so masking a masked number changes nothing:
    /// kiosks receive the masked form and the board masks again when drawing.
    /// </summary>
    public static string Mask(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return "";
        }
        var positions = phone.Where(c => char.IsAsciiDigit(c) || c == '*').ToArray();
        var keepFrom = positions.Length <= ShownDigits ? positions.Length : positions.Length - ShownDigits;
        for (var i = 0; i < keepFrom; i++)
        {
            positions[i] = '*';
        }
        return new string(positions);
    }

    /// <summary>True when <paramref name="phone"/> is a masked form (it hides at least one digit).</summary>
    public static bool IsMasked(string? phone) => phone is not null && phone.Contains('*', StringComparison.Ordinal);
}
