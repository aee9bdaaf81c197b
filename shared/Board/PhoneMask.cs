namespace SignageKiosk.Shared.Board;

public static class PhoneMask
{
    /// <summary>Shows a number only if its owner agreed; otherwise keeps the first three and last four digits.</summary>
    public static string Display(string? phone, bool isPublic)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return "";
        }
        if (isPublic)
        {
            return phone;
        }
        var digits = phone.Where(char.IsDigit).ToArray();
        return digits.Length >= 7
            ? new string(digits[..3]) + new string('*', digits.Length - 7) + new string(digits[^4..])
            : new string('*', digits.Length);
    }
}
