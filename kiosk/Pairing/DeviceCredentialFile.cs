using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SignageKiosk.Kiosk.Pairing;

/// <summary>
/// The credential this installation holds, in its data folder (identity/credential.json, 0600). It wins over the
/// configured credential it was rotated from; a different credential configured later wins over it (an operator
/// provisioned a new identity on purpose).
/// </summary>
public static class DeviceCredentialFile
{
    public const string FileName = "credential.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <param name="ConfiguredHash">SHA-256 of the configured credential this one descends from; null when it came from pairing.</param>
    public sealed record Stored(string Credential, string? KioskId, string? ConfiguredHash, DateTimeOffset SavedAt);

    public static string PathOf(KioskOptions options) => Path.Combine(options.IdentityDirectory, FileName);

    public static string? Resolve(KioskOptions options)
    {
        var configured = options.ConfiguredCredential();
        var stored = Read(options);
        if (stored is not null && (configured is null || stored.ConfiguredHash == Hash(configured)))
        {
            return stored.Credential;
        }
        return configured;
    }

    public static Stored? Read(KioskOptions options)
    {
        var path = PathOf(options);
        try
        {
            return File.Exists(path) && JsonSerializer.Deserialize<Stored>(File.ReadAllBytes(path), Json) is { Credential.Length: > 0 } stored ? stored : null;
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            // Written atomically, so unreadable means tampered with or a different format: fall back to configuration.
            return null;
        }
    }

    public static Task SaveAsync(KioskOptions options, string credential, string? kioskId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var configured = options.ConfiguredCredential();
        // Remember which configured credential this lineage started from, so a newly configured one can take over.
        var origin = configured is null ? Read(options)?.ConfiguredHash : Hash(configured);
        var stored = new Stored(credential, kioskId, origin, now);
        return AtomicFile.WriteAsync(PathOf(options), JsonSerializer.SerializeToUtf8Bytes(stored, Json), cancellationToken);
    }

    private static string Hash(string credential) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(credential)));
}
