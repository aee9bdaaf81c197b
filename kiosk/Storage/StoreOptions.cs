namespace SignageKiosk.Kiosk.Storage;

/// <summary>Kiosk:Store: the local store's last-known-good copy.</summary>
public sealed class StoreOptions
{
    /// <summary>A changed store is copied at most this often (and always right after a snapshot).</summary>
    public TimeSpan GoodCopyInterval { get; set; } = TimeSpan.FromMinutes(5);
}
