namespace SignageKiosk.Controller.Pairing;

public sealed class PairingOptions
{
    public const string Section = "Pairing";

    /// <summary>How long a code shown on a new kiosk can be claimed.</summary>
    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Pairing codes one client address may ask for per minute (the endpoint is anonymous).</summary>
    public int RequestsPerMinute { get; set; } = 10;

    /// <summary>Polls one client address may make per minute; several new kiosks may share one address.</summary>
    public int PollsPerMinute { get; set; } = 120;

    /// <summary>
    /// A credential superseded this recently is refused without raising the clone flag: a request its own
    /// kiosk started just before it switched to the new one may still arrive (docs/decisions/0008).
    /// </summary>
    public TimeSpan SupersededGracePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long retired credentials are remembered for reuse detection.</summary>
    public TimeSpan CredentialHistoryRetention { get; set; } = TimeSpan.FromDays(30);
}
