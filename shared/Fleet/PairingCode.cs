using System.Security.Cryptography;

namespace SignageKiosk.Shared.Fleet;

/// <summary>
/// The code a new kiosk shows and staff type in: six characters from an alphabet without look-alikes
/// (no 0/O, 1/I/L), about 887 million possibilities. Typed case-insensitively, spaces and dashes ignored.
/// </summary>
public static class PairingCode
{
    public const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    public const int Length = 6;

    public static string New()
    {
        Span<char> code = stackalloc char[Length];
        for (var i = 0; i < code.Length; i++)
        {
            code[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }
        return new string(code);
    }

    /// <summary>The code as typed, upper-cased without separators; null when it cannot be a code.</summary>
    public static string? Normalize(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed))
        {
            return null;
        }
        var code = new string(typed.Where(c => !char.IsWhiteSpace(c) && c != '-').Select(char.ToUpperInvariant).ToArray());
        return code.Length == Length && code.All(c => Alphabet.Contains(c, StringComparison.Ordinal)) ? code : null;
    }

    /// <summary>Safe for logs: the first two characters only.</summary>
    public static string Mask(string code) => code.Length <= 2 ? new string('*', code.Length) : code[..2] + new string('*', code.Length - 2);

    /// <summary>Two groups of three, easier to read aloud across a room: "K7M 2QX".</summary>
    public static string Display(string code) => code.Length == Length ? code[..3] + " " + code[3..] : code;
}
