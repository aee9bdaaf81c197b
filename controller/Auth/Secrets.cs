using System.Security.Cryptography;
using System.Text;

namespace SignageKiosk.Controller.Auth;

/// <summary>Random bearer secrets; only their SHA-256 is stored, so a copy of the database grants nothing.</summary>
public static class Secrets
{
    public const string StaffTokenPrefix = "sks_";
    public const string KioskCredentialPrefix = "skk_";

    public static string New(string prefix) => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static string NewPassword() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', 'k').Replace('/', 's').TrimEnd('=');
}
