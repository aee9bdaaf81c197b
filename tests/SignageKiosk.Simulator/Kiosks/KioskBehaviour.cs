namespace SignageKiosk.Simulator.Kiosks;

/// <summary>How every simulated kiosk behaves; defaults are the real kiosk's (kiosk/KioskOptions.cs).</summary>
public sealed record KioskBehaviour
{
    /// <summary>How often a kiosk asks for changes after its cursor even without a push.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Reconnect after a drop, with the kiosk's full-jitter backoff; false leaves a dropped kiosk offline.</summary>
    public bool Reconnect { get; init; } = true;
    public TimeSpan ReconnectInitialDelay { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);
    public int CatchUpBatchSize { get; init; } = Shared.Sync.SyncProtocol.MaxBatch;
    /// <summary>Ask for the first catch-up batch in the Hello, as the kiosk does (decision 0055); false asks with CatchUp as older kiosks do.</summary>
    public bool CatchUpInHello { get; init; } = true;
    /// <summary>Confirm a rotated credential on the hub connection, as the kiosk does (decision 0055); false posts it to /api/pairing/confirm as older kiosks do.</summary>
    public bool ConfirmOverHub { get; init; } = true;
    public string SoftwareVersion { get; init; } = "simulator";
    /// <summary>
    /// Take the new credential every Hello offers and confirm it at once, as the real kiosk does (decision 0008): two
    /// more committed writes on the controller per Hello. The registered credential is retired by it, so a fleet
    /// that rotates cannot be reused by a run that does not.
    /// </summary>
    public bool RotateCredentials { get; init; }
    /// <summary>What to do on changes of a kind (e.g. call a hub method); see <see cref="ChangeReaction"/>.</summary>
    public IReadOnlyDictionary<string, ChangeReaction> Reactions { get; init; } = new Dictionary<string, ChangeReaction>(StringComparer.Ordinal);
}
