using SignageKiosk.Shared.Fleet;
using SignageKiosk.Controller.Settings;

namespace SignageKiosk.Controller.Fleet;

public sealed class FleetOptions
{
    public const string Section = "Fleet";

    /// <summary>The heartbeat assumed for a kiosk that did not declare its own in its Hello.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = FleetRules.DefaultHeartbeat;

    /// <summary>Heartbeats a kiosk may miss before it is shown offline.</summary>
    public int MissedHeartbeats { get; set; } = FleetRules.DefaultMissedHeartbeats;

    /// <summary>How often the online count is written to the history.</summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long the history keeps its samples.</summary>
    public TimeSpan HistoryRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>A kiosk offline for longer than this is listed under "needs attention now".</summary>
    public TimeSpan AttentionOfflineAfter { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// A kiosk counts as lagging only when the change it misses is older than this: right after a publish every kiosk
    /// is behind for a second, which is delivery, not a fault.
    /// </summary>
    public TimeSpan LaggingAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How many kiosks the "needs attention now" list shows; the rest are one link away.</summary>
    public int AttentionListSize { get; set; } = 20;

    /// <summary>How long a kiosk has to answer a screenshot request.</summary>
    public TimeSpan ScreenshotRequestLifetime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>What is wrong with these settings, or null.</summary>
    public string? Problem() =>
        HeartbeatInterval <= TimeSpan.Zero ? Must("HeartbeatInterval", "须大于 0", "must be positive")
        : MissedHeartbeats < 1 ? Must("MissedHeartbeats", "须至少为 1", "must be at least 1")
        : SampleInterval <= TimeSpan.Zero ? Must("SampleInterval", "须大于 0", "must be positive")
        : HistoryRetention <= TimeSpan.Zero ? Must("HistoryRetention", "须大于 0", "must be positive")
        : AttentionOfflineAfter < TimeSpan.Zero ? Must("AttentionOfflineAfter", "不能为负", "must not be negative")
        : LaggingAfter < TimeSpan.Zero ? Must("LaggingAfter", "不能为负", "must not be negative")
        : AttentionListSize < 1 ? Must("AttentionListSize", "须至少为 1", "must be at least 1")
        : ScreenshotRequestLifetime <= TimeSpan.Zero ? Must("ScreenshotRequestLifetime", "须大于 0", "must be positive")
        : null;

    private static string Must(string setting, string zh, string en) => SettingsRegistration.Must(Section + ":" + setting, zh, en);
}
