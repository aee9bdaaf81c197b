using SignageKiosk.Controller.Settings;

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

    /// <summary>What is wrong with these settings, or null.</summary>
    public string? Problem() =>
        CodeLifetime <= TimeSpan.Zero ? Must("CodeLifetime", "须大于 0", "must be positive")
        : RequestsPerMinute < 1 ? Must("RequestsPerMinute", "须至少为 1", "must be at least 1")
        : PollsPerMinute < 1 ? Must("PollsPerMinute", "须至少为 1", "must be at least 1")
        : SupersededGracePeriod < TimeSpan.Zero ? Must("SupersededGracePeriod", "不能为负", "must not be negative")
        : CredentialHistoryRetention <= TimeSpan.Zero ? Must("CredentialHistoryRetention", "须大于 0", "must be positive")
        : null;

    private static string Must(string setting, string zh, string en) => SettingsRegistration.Must(Section + ":" + setting, zh, en);
}
