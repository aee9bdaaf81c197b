using System.Security.Cryptography;
using System.Text;

namespace SignageKiosk.Kiosk.Pairing;

/// <summary>
/// A random id this installation makes once and keeps (identity/installation-id). Staff see it when pairing; it
/// is not a secret and proves nothing: a cloned disk carries the same id, which is why credentials rotate.
/// </summary>
public static class InstallationId
{
    public const string FileName = "installation-id";

    public static async Task<string> EnsureAsync(KioskOptions options, CancellationToken cancellationToken)
    {
        var path = Path.Combine(options.IdentityDirectory, FileName);
        if (File.Exists(path) && (await File.ReadAllTextAsync(path, cancellationToken)).Trim() is { Length: >= 8 } existing)
        {
            return existing;
        }
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await AtomicFile.WriteAsync(path, Encoding.ASCII.GetBytes(id + "\n"), cancellationToken);
        return id;
    }

    public static string? Read(KioskOptions options)
    {
        var path = Path.Combine(options.IdentityDirectory, FileName);
        try
        {
            return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
