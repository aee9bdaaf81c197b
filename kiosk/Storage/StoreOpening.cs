namespace SignageKiosk.Kiosk.Storage;

/// <summary>How the store came up at start: what the board could show from the first second.</summary>
public enum StoreOpening
{
    /// <summary>The store file opened and its seal matched.</summary>
    Clean,
    /// <summary>The store was damaged; the last good copy replaced it and the kiosk catches up from that copy's cursor.</summary>
    GoodCopy,
    /// <summary>No usable store or copy (first start, or both damaged): the board waits for a snapshot from the controller.</summary>
    New,
    /// <summary>A cache left by the SQLite version of the kiosk was converted.</summary>
    Converted,
}
