using SignageKiosk.Controller.Settings;
using SignageKiosk.Shared.Updates;

namespace SignageKiosk.Controller.Updates;

/// <summary>The Updates settings: the operator's public key (optional here, required on kiosks) and the size budget.</summary>
public sealed class UpdateOptions
{
    public const string Section = "Updates";

    /// <summary>
    /// The operator's public key (PEM, ECDSA P-256). Given, an upload signed by any other key is refused at once;
    /// not given, the controller stores and offers builds as uploaded and the kiosks' own check is the only one.
    /// </summary>
    public string? PublicKeyPath { get; set; }

    /// <summary>Largest build upload (.tar.gz); a self-contained kiosk build is about 60 MB.</summary>
    public long MaxBuildBytes { get; set; } = 400L * 1024 * 1024;

    /// <summary>Largest a build may unpack to (checked at upload; the kiosk checks again).</summary>
    public long MaxUnpackedBytes { get; set; } = 1024L * 1024 * 1024;

    public string? Problem()
    {
        if (MaxBuildBytes < 1024 * 1024)
        {
            return SettingsRegistration.Must("Updates:MaxBuildBytes", "至少为 1 MB", "must be at least 1 MB");
        }
        if (MaxUnpackedBytes < MaxBuildBytes)
        {
            return SettingsRegistration.Must("Updates:MaxUnpackedBytes", "不能小于 Updates:MaxBuildBytes", "must not be below Updates:MaxBuildBytes");
        }
        if (string.IsNullOrWhiteSpace(PublicKeyPath))
        {
            return null;
        }
        if (!File.Exists(PublicKeyPath))
        {
            return SettingsRegistration.Must("Updates:PublicKeyPath", $"指向的文件不存在：{PublicKeyPath}", $"names a file that does not exist: {PublicKeyPath}");
        }
        using var key = BuildBundle.PublicKey(File.ReadAllText(PublicKeyPath), out var problem);
        return key is null ? SettingsRegistration.Must("Updates:PublicKeyPath", "须为 ECDSA P-256 公钥（PEM）", "must be an ECDSA P-256 public key (PEM): " + problem) : null;
    }
}
