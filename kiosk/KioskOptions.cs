namespace SignageKiosk.Kiosk;

public sealed class KioskOptions
{
    public const string Section = "Kiosk";

    /// <summary>The controller's base URL, e.g. http://127.0.0.1:5080. Empty: run from the cache only.</summary>
    public string? ControllerUrl { get; set; }

    /// <summary>
    /// Several controller nodes' base URLs (Kiosk:ControllerUrls:0, :1…), instead of <see cref="ControllerUrl"/>: the kiosk
    /// starts on one chosen by its installation id and moves to the next when one does not answer. Set one or the other.
    /// </summary>
    public string[] ControllerUrls { get; set; } = [];

    /// <summary>The device credential issued when this kiosk was registered.</summary>
    public string? Credential { get; set; }

    /// <summary>A file holding the credential (preferred: keeps it out of command lines and process lists).</summary>
    public string? CredentialFile { get; set; }

    /// <summary>Folder for the store, its last good copy and the media files.</summary>
    public string DataDirectory { get; set; } = ".data/kiosk";

    /// <summary>How often the kiosk asks for changes after its cursor even without a push (covers a lost last push).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Changes fetched per catch-up round trip; each batch is one local transaction.</summary>
    public int CatchUpBatchSize { get; set; } = Shared.Sync.SyncProtocol.MaxBatch;

    /// <summary>Kiosk:Sync: which transport carries the link to the controller.</summary>
    public Sync.KioskSyncOptions Sync { get; set; } = new();

    /// <summary>Kiosk:Store: the local store's last-known-good copy.</summary>
    public Storage.StoreOptions Store { get; set; } = new();

    public TimeSpan ReconnectInitialDelay { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Wait before fetching a media file again after a failed or corrupt download.</summary>
    public TimeSpan MediaRetryInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Seconds without a touch before the board returns home and starts its attract loop.</summary>
    public int IdleSeconds { get; set; } = 90;

    /// <summary>Seconds each screen shows in the attract loop.</summary>
    public int AttractSeconds { get; set; } = 12;

    /// <summary>First wait between pairing polls; it grows to <see cref="PairingPollMaxDelay"/> while nobody claims the code.</summary>
    public TimeSpan PairingPollInitialDelay { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan PairingPollMaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The program that captures the board for a screenshot (Debian's Chromium, headless).</summary>
    public string ScreenshotCommand { get; set; } = "chromium";

    /// <summary>
    /// Its arguments, one per entry; {url}, {file}, {width}, {height} and {profile} are filled in. Empty: headless
    /// Chromium on the local board at the layout's size. E.g. <c>import -window root {file}</c> captures the real screen.
    /// </summary>
    public string[] ScreenshotArguments { get; set; } = [];

    public TimeSpan ScreenshotTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a touch on the black page keeps the board on outside its station's screen hours.</summary>
    public TimeSpan ScreenWakeTime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The xset that powers the display down and up (DPMS) where there is an X display; a name on PATH or a path.</summary>
    public string XsetCommand { get; set; } = "xset";

    /// <summary>
    /// Makes the device clock read this moment at start-up and run on from there. For trying a board at another
    /// time and for tests; a controller in reach still corrects it (clock trust), as it would a wrong device clock.
    /// </summary>
    public DateTimeOffset? ClockStartAt { get; set; }

    /// <summary>The local store (LiteDB): content, cursor, media index and display hours.</summary>
    public string StorePath => Path.Combine(DataDirectory, Storage.KioskStore.FileName);
    /// <summary>Where the SQLite version of the kiosk kept its cache; converted once on first start, then wiped.</summary>
    public string LegacyCachePath => Path.Combine(DataDirectory, "cache.db");
    /// <summary>Where the SQLite version kept its display hours; converted with the cache.</summary>
    public string LegacyDisplayPath => Path.Combine(DataDirectory, "display.db");
    public string MediaDirectory => Path.Combine(DataDirectory, "media");
    /// <summary>The installation id and the device credential this kiosk was paired with or rotated to.</summary>
    public string IdentityDirectory => Path.Combine(DataDirectory, "identity");

    /// <summary>The credential to use now: the stored (paired or rotated) one, unless a different one was configured since.</summary>
    public string? ResolveCredential() => Pairing.DeviceCredentialFile.Resolve(this);

    /// <summary>The credential given in configuration, if any.</summary>
    public string? ConfiguredCredential()
    {
        if (!string.IsNullOrWhiteSpace(Credential))
        {
            return Credential.Trim();
        }
        return !string.IsNullOrWhiteSpace(CredentialFile) && File.Exists(CredentialFile) ? File.ReadAllText(CredentialFile).Trim() : null;
    }
}
