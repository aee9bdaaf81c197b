namespace SignageKiosk.Kiosk.Updates;

/// <summary>The kiosk's Updates settings (docs/updates.md).</summary>
public sealed class KioskUpdateOptions
{
    public const string Section = "Updates";

    /// <summary>The operator's public key (PEM, ECDSA P-256), e.g. /etc/signagekiosk/update-key.pem. None: every build is refused.</summary>
    public string? PublicKeyPath { get; set; }

    /// <summary>How long a new build has to become healthy (connected, in sync, board served) before the supervisor switches back.</summary>
    public int TrialSeconds { get; set; } = 300;

    /// <summary>Largest a build may unpack to.</summary>
    public long MaxUnpackedBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>Wait before trying a failed download again (the controller unreachable, a broken line).</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(30);
}
