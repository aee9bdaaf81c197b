using SignageKiosk.Controller.Settings;

namespace SignageKiosk.Controller.Cluster;

/// <summary>Settings for several controller nodes sharing one PostgreSQL store (decision 0040).</summary>
public sealed class ClusterOptions
{
    public const string Section = "Cluster";

    /// <summary>
    /// How often a node reads the change log even without a notification: the bound on how late a change reaches this
    /// node's kiosks if a notification was lost (say while its listening connection was being re-opened).
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Changes read from the log per query while a node catches up.</summary>
    public int ReadBatch { get; set; } = 500;

    /// <summary>
    /// A node that has not said it is alive for this long no longer counts its kiosks as connected (it says so with every
    /// ack flush, every Sync:AckFlushInterval).
    /// </summary>
    public TimeSpan NodeTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>What is wrong with these settings, or null.</summary>
    public string? Problem() =>
        PollInterval <= TimeSpan.Zero ? Must("PollInterval", "须大于 0", "must be positive")
        : ReadBatch is < 1 or > 10_000 ? Must("ReadBatch", "须在 1 到 10000 之间", "must be between 1 and 10000")
        : NodeTimeout <= TimeSpan.Zero ? Must("NodeTimeout", "须大于 0", "must be positive")
        : null;

    private static string Must(string setting, string zh, string en) => SettingsRegistration.Must(Section + ":" + setting, zh, en);
}
