namespace SignageKiosk.Shared.Sync;

/// <summary>Names shared by the hub and its clients; one place so the two ends cannot drift.</summary>
public static class SyncProtocol
{
    public const string HubPath = "/hubs/kiosk";

    // Client → server
    public const string Hello = nameof(Hello);
    public const string CatchUp = nameof(CatchUp);
    public const string Snapshot = nameof(Snapshot);
    public const string Ack = nameof(Ack);
    /// <summary>The kiosk stored the credential its Hello handed out (string): the controller retires the one before (decision 0055).</summary>
    public const string ConfirmCredential = nameof(ConfirmCredential);
    /// <summary>The board painted an emergency broadcast (id, when): the controller lists who has displayed it.</summary>
    public const string BroadcastDisplayed = nameof(BroadcastDisplayed);
    /// <summary>Uploads display hours (ProofOfDisplay.DisplayReport); answers ProofOfDisplay.DisplayReportResult.</summary>
    public const string ReportDisplay = nameof(ReportDisplay);
    /// <summary>Submits a resident's report (Reports.ResidentReport); answers Reports.ReportReceipt, the same one for the same key.</summary>
    public const string SubmitReport = nameof(SubmitReport);
    /// <summary>A resident's look-up by reference (string); answers Reports.ReportStatus, or null when unknown here.</summary>
    public const string LookUpReport = nameof(LookUpReport);
    /// <summary>A resident's rating (Reports.ReportRatingRequest); answers Reports.ReportStatus; refused when not resolved or rated already.</summary>
    public const string RateReport = nameof(RateReport);
    /// <summary>Asks for a build to install (decision 0051); answers Updates.UpdateOffer, or null.</summary>
    public const string CheckForUpdate = nameof(CheckForUpdate);
    /// <summary>A step with an offered build (Updates.UpdateReport): downloading, installed, healthy, rolled back, refused.</summary>
    public const string ReportUpdate = nameof(ReportUpdate);

    // Server → client
    public const string Changes = nameof(Changes);
    /// <summary>The kiosk's place chain changed: say Hello again (and take a snapshot).</summary>
    public const string Rehello = nameof(Rehello);
    /// <summary>Staff asked for a screenshot: capture the board and upload it (Fleet.ScreenshotRequest).</summary>
    public const string CaptureScreenshot = nameof(CaptureScreenshot);
    /// <summary>A build to install (Updates.UpdateOffer); a hint, the kiosk also asks with CheckForUpdate.</summary>
    public const string OfferUpdate = nameof(OfferUpdate);

    /// <summary>Most changes a catch-up batch carries; keeps each local transaction and message bounded.</summary>
    public const int MaxBatch = 500;
}

/// <summary>Sent first on every connection.</summary>
public sealed record HelloRequest
{
    public long Cursor { get; init; }
    /// <summary>Fingerprint of the place chain the cache was built for; a different one forces a snapshot.</summary>
    public string? ChainFingerprint { get; init; }
    public string? SoftwareVersion { get; init; }
    /// <summary>The kiosk stores a fresh credential from <see cref="HelloResponse.NewCredential"/> (docs/decisions/0008).</summary>
    public bool AcceptsNewCredential { get; init; }
    /// <summary>The screen is off on purpose; the fleet shows it as such, not as a fault.</summary>
    public bool ScreenOff { get; init; }
    /// <summary>The kiosk's disk is too full for the media it needs (the fleet page says so).</summary>
    public bool StorageFull { get; init; }
    /// <summary>How often this kiosk heartbeats; the fleet counts missed heartbeats against it.</summary>
    public double? HeartbeatSeconds { get; init; }
    /// <summary>The random id this installation made for itself; informational.</summary>
    public string? InstallationId { get; init; }
    /// <summary>The kiosk's own clock, uncorrected, when it sent this: the fleet warns about a clock far off.</summary>
    public DateTimeOffset? DeviceTime { get; init; }
    /// <summary>
    /// Send the first catch-up batch (at most this many changes) with the answer, saving the CatchUp round trip every
    /// reconnect would make (docs/decisions/0055). 0, what older kiosks send: no batch, the kiosk asks with CatchUp.
    /// </summary>
    public int CatchUpMax { get; init; }
}

public sealed record HelloResponse
{
    public required string KioskId { get; init; }
    public required IReadOnlyList<string> Chain { get; init; }
    public required string ChainFingerprint { get; init; }
    /// <summary>Latest sequence that targets this kiosk at the moment live delivery started.</summary>
    public long Head { get; init; }
    /// <summary>True when the kiosk must replace its cache with a snapshot rather than catch up.</summary>
    public bool SnapshotRequired { get; init; }
    public DateTimeOffset ServerTime { get; init; }
    /// <summary>
    /// Only when the kiosk accepts it: a fresh device credential. Save it durably, then use it; the first request
    /// made with it retires the credential this connection was opened with.
    /// </summary>
    public string? NewCredential { get; init; }
    /// <summary>
    /// The address phones reach the controller at (Controller:PublicUrl, else the address this kiosk used), no trailing
    /// slash: the board's QR codes for the phone report page and micro-wishes point there. The kiosk keeps it for offline.
    /// </summary>
    public string? PublicUrl { get; init; }
    /// <summary>
    /// When the kiosk asked (<see cref="HelloRequest.CatchUpMax"/>) and needs no snapshot: the changes after its cursor,
    /// as <c>CatchUp(cursor, max)</c> would answer; apply them, then go on with CatchUp only if <c>More</c>.
    /// </summary>
    public ChangeBatch? Changes { get; init; }
}

public sealed record ChangeBatch
{
    public required IReadOnlyList<SyncChange> Changes { get; init; }
    /// <summary>True when more changes follow after the last one in this batch.</summary>
    public bool More { get; init; }
}

/// <summary>Every current item that targets the kiosk, as upserts, and the sequence they are current at.</summary>
public sealed record SyncSnapshot
{
    public required IReadOnlyList<SyncChange> Items { get; init; }
    public required long Seq { get; init; }
    public required string ChainFingerprint { get; init; }
}
