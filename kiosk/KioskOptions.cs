namespace SignageKiosk.Kiosk;

public sealed class KioskOptions
{
    public const string Section = "Kiosk";

    /// <summary>The controller's base URL, e.g. http://127.0.0.1:5080. Empty: run from the cache only.</summary>
    public string? ControllerUrl { get; set; }

    /// <summary>The device credential issued when this kiosk was registered.</summary>
    public string? Credential { get; set; }

    /// <summary>A file holding the credential (preferred: keeps it out of command lines and process lists).</summary>
    public string? CredentialFile { get; set; }

    /// <summary>Folder for the cache database and the media files.</summary>
    public string DataDirectory { get; set; } = ".data/kiosk";

    /// <summary>How often the kiosk asks for changes after its cursor even without a push (covers a lost last push).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Changes fetched per catch-up round trip; each batch is one local transaction.</summary>
    public int CatchUpBatchSize { get; set; } = Shared.Sync.SyncProtocol.MaxBatch;

    public TimeSpan ReconnectInitialDelay { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Wait before fetching a media file again after a failed or corrupt download.</summary>
    public TimeSpan MediaRetryInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Seconds without a touch before the board returns home and starts its attract loop.</summary>
    public int IdleSeconds { get; set; } = 90;

    /// <summary>Seconds each screen shows in the attract loop.</summary>
    public int AttractSeconds { get; set; } = 12;

    public string CachePath => Path.Combine(DataDirectory, "cache.db");
    public string MediaDirectory => Path.Combine(DataDirectory, "media");

    public string? ResolveCredential()
    {
        if (!string.IsNullOrWhiteSpace(Credential))
        {
            return Credential.Trim();
        }
        return !string.IsNullOrWhiteSpace(CredentialFile) && File.Exists(CredentialFile) ? File.ReadAllText(CredentialFile).Trim() : null;
    }
}
