namespace SignageKiosk.Shared.Sync;

public enum SyncDecision
{
    /// <summary>Apply the change and move the cursor to its sequence.</summary>
    Apply,
    /// <summary>Already applied (arrived through catch-up, or twice): ignore it.</summary>
    Skip,
    /// <summary>Something between the cursor and this change is missing: fetch from the cursor.</summary>
    CatchUp,
}

/// <summary>The kiosk's whole rule for a live change; the cursor is the truth, pushes are hints.</summary>
public static class SyncRules
{
    public static SyncDecision Decide(long cursor, SyncChange change)
    {
        if (change.Seq <= cursor)
        {
            return SyncDecision.Skip;
        }
        // Prev below the cursor is fine: the kiosk already holds everything up to its cursor.
        return change.Prev <= cursor ? SyncDecision.Apply : SyncDecision.CatchUp;
    }

    /// <summary>A catch-up batch must be strictly increasing and start after the cursor.</summary>
    public static bool IsOrderedAfter(long cursor, IReadOnlyList<SyncChange> batch)
    {
        var last = cursor;
        foreach (var change in batch)
        {
            if (change.Seq <= last)
            {
                return false;
            }
            last = change.Seq;
        }
        return true;
    }

    /// <summary>
    /// Stable fingerprint of a place chain plus kiosk id and, once the controller's store has been restored from a
    /// backup, the store's epoch: a kiosk cache built against another epoch differs, so it takes a snapshot even where
    /// its cursor looks valid (decision 0047). A store never restored has no epoch and keeps the fingerprints it had.
    /// </summary>
    public static string Fingerprint(string kioskId, IEnumerable<string> chain, string? storeEpoch = null) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(kioskId + "|" + string.Join("/", chain) + (string.IsNullOrEmpty(storeEpoch) ? "" : "|" + storeEpoch))))[..16];
}
