using SignageKiosk.Controller.Settings;

namespace SignageKiosk.Controller.Sync;

public sealed class SyncOptions
{
    public const string Section = "Sync";

    /// <summary>Changes queued for one kiosk before it is considered stalled; it then catches up from its cursor.</summary>
    public int OutboxCapacity { get; set; } = 2048;

    /// <summary>How often acknowledged sequences and last-seen times are written to the store.</summary>
    public TimeSpan AckFlushInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>What is wrong with these settings, or null.</summary>
    public string? Problem() =>
        OutboxCapacity < 1 ? Must("OutboxCapacity", "须至少为 1", "must be at least 1")
        : AckFlushInterval <= TimeSpan.Zero ? Must("AckFlushInterval", "须大于 0", "must be positive")
        : null;

    private static string Must(string setting, string zh, string en) => SettingsRegistration.Must(Section + ":" + setting, zh, en);
}
