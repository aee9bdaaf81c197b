using System.Data.Common;

namespace SignageKiosk.Controller.Storage;

/// <summary>
/// The store's epoch: none until the store is first restored from a backup, then a fresh random value at every
/// restore. Kiosks' chain fingerprints include it, so a cache built against the store as it was before a restore is
/// replaced by a snapshot, whatever its cursor says (decision 0047). Read once at start: a restore runs with every
/// controller on the store stopped.
/// </summary>
public sealed class StoreEpoch(ControllerDb db)
{
    private const string Key = "epoch";

    public string? Current { get; private set; }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        Current = await ReadAsync(connection, cancellationToken);
    }

    public static async Task<string?> ReadAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.ScalarAsync<string?>("SELECT value FROM store_meta WHERE key = @key;", null, cancellationToken, ("@key", Key));

    /// <summary>Gives a restored store a new epoch (on the restore's own connection, before any controller opens it).</summary>
    public static async Task<string> RenewAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var epoch = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));
        await connection.ExecAsync("CREATE TABLE IF NOT EXISTS store_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);", null, cancellationToken);
        await connection.ExecAsync(
            "INSERT INTO store_meta(key, value) VALUES (@key, @value) ON CONFLICT(key) DO UPDATE SET value = excluded.value;",
            null, cancellationToken, ("@key", Key), ("@value", epoch));
        return epoch;
    }
}
