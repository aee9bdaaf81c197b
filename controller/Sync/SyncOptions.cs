namespace SignageKiosk.Controller.Sync;

public sealed class SyncOptions
{
    public const string Section = "Sync";

    /// <summary>Changes queued for one kiosk before it is considered stalled; it then catches up from its cursor.</summary>
    public int OutboxCapacity { get; set; } = 2048;

    /// <summary>How often acknowledged sequences and last-seen times are written to the store.</summary>
    public TimeSpan AckFlushInterval { get; set; } = TimeSpan.FromSeconds(2);
}
