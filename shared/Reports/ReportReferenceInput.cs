namespace SignageKiosk.Shared.Reports;

/// <summary>
/// A reference as a resident types it on the board's number pad: digits only (the R and the dash are the board's
/// business). "202612050042" → "R20261205-0042"; a reference already written out is taken as it is.
/// </summary>
public static class ReportReferenceInput
{
    /// <summary>Eight for the day and at least four for the day's count.</summary>
    public const int MinDigits = 12;
    /// <summary>What <see cref="ReportReference.IsWellFormed"/> allows: 20 characters less the R and the dash.</summary>
    public const int MaxDigits = 18;

    /// <summary>The reference the digits stand for, or null when they cannot be one.</summary>
    public static string? FromDigits(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return null;
        }
        var trimmed = input.Trim();
        if (trimmed.StartsWith('R') || trimmed.StartsWith('r'))
        {
            trimmed = trimmed[1..];
        }
        var digits = trimmed.Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        if (digits.Length is < MinDigits or > MaxDigits || digits.Any(c => !char.IsAsciiDigit(c)))
        {
            return null;
        }
        var reference = "R" + digits[..8] + "-" + digits[8..];
        return ReportReference.IsWellFormed(reference) ? reference : null;
    }

    /// <summary>What the board shows while the resident types: "R2026120", "R20261205-00".</summary>
    public static string Display(string digits) =>
        "R" + (digits.Length <= 8 ? digits : digits[..8] + "-" + digits[8..]);
}
