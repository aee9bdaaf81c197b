using System.Security.Cryptography;
using System.Text;

namespace SignageKiosk.Kiosk.Board;

/// <summary>
/// A random secret made at every start of the kiosk host and kept in memory only. The board page this host serves
/// carries it and sends it back in <see cref="Header"/> on every call that changes something; another web page in
/// the kiosk's browser cannot read it (the host answers no CORS request), and the custom header forces a CORS
/// preflight the host never approves. So only the board page can wake the screen, make the kiosk talk, or report
/// what it displayed.
/// </summary>
public sealed class BoardToken
{
    public const string Header = "X-Kiosk-Token";

    private readonly byte[] _value = Encoding.ASCII.GetBytes(Base64Url(RandomNumberGenerator.GetBytes(32)));

    public string Value => Encoding.ASCII.GetString(_value);

    /// <summary>Compares in constant time, so the token cannot be guessed one character at a time.</summary>
    public bool Matches(string? presented) =>
        presented is { Length: > 0 } && CryptographicOperations.FixedTimeEquals(_value, Encoding.ASCII.GetBytes(presented));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
