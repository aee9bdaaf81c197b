using System.Data.Common;
using System.Globalization;
using SignageKiosk.Controller.Storage;

namespace SignageKiosk.Controller.Pairing;

/// <summary>
/// The kiosk_credentials lineage and the kiosk's current credential hash, for <see cref="CredentialRotation"/>
/// (decision 0041: SQL only in stores). Every method takes the caller's connection and transaction: rotation runs on
/// the kiosk hub's hot path and its reads and writes must share one connection and, where it matters, one transaction.
/// Instants are written as ISO 8601 round-trip text, which the retention cut-offs compare as text.
/// </summary>
internal static class KioskCredentialStore
{
    public sealed record Credential(string Hash, string KioskId, string? ParentHash, string State, string? ConnectionId, DateTimeOffset? RetiredAt);

    public static async Task<Credential?> ReadAsync(DbConnection connection, DbTransaction? transaction, string hash, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrNullAsync<CredentialRow>(
            "SELECT hash, kiosk_id, parent_hash, state, connection_id, retired_at FROM kiosk_credentials WHERE hash = @hash;", transaction, cancellationToken, ("@hash", hash));
        return row is null ? null : new Credential(row.Hash, row.KioskId, row.ParentHash, row.State, row.ConnectionId, row.RetiredAt);
    }

    /// <summary>The credential the kiosk row holds now.</summary>
    public static Task<string?> CurrentHashAsync(DbConnection connection, DbTransaction? transaction, string kioskId, CancellationToken cancellationToken) =>
        connection.ScalarAsync<string>("SELECT credential_hash FROM kiosks WHERE id = @kiosk;", transaction, cancellationToken, ("@kiosk", kioskId));

    /// <summary>The state of a credential of this kiosk's lineage, or null when the lineage does not know it.</summary>
    public static Task<string?> StateAsync(DbConnection connection, DbTransaction? transaction, string hash, string kioskId, CancellationToken cancellationToken) =>
        connection.ScalarAsync<string>("SELECT state FROM kiosk_credentials WHERE hash = @hash AND kiosk_id = @kiosk;",
            transaction, cancellationToken, ("@hash", hash), ("@kiosk", kioskId));

    /// <summary>A new lineage starts from <paramref name="parentHash"/>: every other credential of the kiosk goes.</summary>
    public static Task<int> StartLineageAsync(DbConnection connection, DbTransaction? transaction, string kioskId, string parentHash, CancellationToken cancellationToken) =>
        connection.ExecAsync("DELETE FROM kiosk_credentials WHERE kiosk_id = @kiosk AND NOT (state = 'pending' AND parent_hash = @parent);",
            transaction, cancellationToken, ("@kiosk", kioskId), ("@parent", parentHash));

    public static Task<int> IssueAsync(DbConnection connection, DbTransaction? transaction, string hash, string kioskId, string parentHash, string connectionId, DateTimeOffset now, CancellationToken cancellationToken) =>
        connection.ExecAsync(
            "INSERT INTO kiosk_credentials(hash, kiosk_id, parent_hash, state, connection_id, issued_at) VALUES (@hash, @kiosk, @parent, 'pending', @connection, @now);",
            transaction, cancellationToken,
            ("@hash", hash), ("@kiosk", kioskId), ("@parent", parentHash), ("@connection", connectionId), ("@now", Stamp(now)));

    public static Task<int> ForgetAsync(DbConnection connection, string kioskId, CancellationToken cancellationToken) =>
        connection.ExecAsync("DELETE FROM kiosk_credentials WHERE kiosk_id = @kiosk;", null, cancellationToken, ("@kiosk", kioskId));

    /// <summary>Forgets retired credentials retired before the cutoff, and pending ones issued before it whose parent was replaced.</summary>
    public static Task<int> PruneAsync(DbConnection connection, DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        connection.ExecAsync(
            """
            DELETE FROM kiosk_credentials WHERE state IN ('superseded', 'abandoned', 'overtaken') AND retired_at < @cutoff;
            DELETE FROM kiosk_credentials WHERE state = 'pending' AND issued_at < @cutoff
                AND parent_hash IS DISTINCT FROM (SELECT credential_hash FROM kiosks WHERE id = kiosk_credentials.kiosk_id);
            """, null, cancellationToken, ("@cutoff", Stamp(cutoff)));

    /// <summary>Compare-and-swap: the kiosk takes <paramref name="hash"/> only if it still holds <paramref name="parentHash"/>.</summary>
    public static async Task<bool> TakeOverAsync(DbConnection connection, DbTransaction transaction, string kioskId, string hash, string? parentHash, CancellationToken cancellationToken) =>
        await connection.ExecAsync("UPDATE kiosks SET credential_hash = @hash WHERE id = @kiosk AND credential_hash = @parent;",
            transaction, cancellationToken, ("@hash", hash), ("@kiosk", kioskId), ("@parent", parentHash)) == 1;

    /// <summary>After a take-over: the parent and any other current credential are superseded, siblings settled, the new one current.</summary>
    public static Task<int> SettlePromotionAsync(DbConnection connection, DbTransaction transaction, Credential promoted, DateTimeOffset now, CancellationToken cancellationToken) =>
        connection.ExecAsync(
            """
            INSERT INTO kiosk_credentials(hash, kiosk_id, state, issued_at, retired_at) VALUES (@parent, @kiosk, 'superseded', @now, @now)
                ON CONFLICT(hash) DO UPDATE SET state = 'superseded', retired_at = @now;
            UPDATE kiosk_credentials SET state = 'superseded', retired_at = @now WHERE kiosk_id = @kiosk AND state = 'current' AND hash <> @hash;
            -- Siblings issued to the same connection (a second Hello while a confirmation was on its way) are this
            -- kiosk's own, not a copy's. One issued before this one is overtaken: the kiosk stored this one over it,
            -- so its late confirmation must not take over (it is refused, nobody is flagged). One issued after
            -- becomes the successor of the one promoted: the kiosk holds that one now, or soon.
            UPDATE kiosk_credentials SET state = 'overtaken', retired_at = @now WHERE kiosk_id = @kiosk AND state = 'pending' AND hash <> @hash
                AND parent_hash = @parent AND connection_id = @connection
                AND rowid < (SELECT rowid FROM kiosk_credentials WHERE hash = @hash);
            UPDATE kiosk_credentials SET parent_hash = @hash WHERE kiosk_id = @kiosk AND state = 'pending' AND hash <> @hash
                AND parent_hash = @parent AND connection_id = @connection;
            UPDATE kiosk_credentials SET state = 'abandoned', retired_at = @now WHERE kiosk_id = @kiosk AND state = 'pending' AND hash <> @hash
                AND parent_hash IS DISTINCT FROM @hash;
            UPDATE kiosk_credentials SET state = 'current', retired_at = NULL WHERE hash = @hash;
            """,
            transaction, cancellationToken, ("@parent", promoted.ParentHash), ("@kiosk", promoted.KioskId), ("@hash", promoted.Hash), ("@now", Stamp(now)),
            ("@connection", promoted.ConnectionId));

    public static Task<int> AbandonAsync(DbConnection connection, DbTransaction transaction, string hash, DateTimeOffset now, CancellationToken cancellationToken) =>
        connection.ExecAsync("UPDATE kiosk_credentials SET state = 'abandoned', retired_at = @now WHERE hash = @hash AND state = 'pending';",
            transaction, cancellationToken, ("@hash", hash), ("@now", Stamp(now)));

    /// <summary>Flags the kiosk for staff: a retired credential was presented again (kiosk_fleet's clone columns).</summary>
    public static Task<int> FlagReuseAsync(DbConnection connection, string kioskId, DateTimeOffset now, string? address, CancellationToken cancellationToken) =>
        connection.ExecAsync(
            """
            INSERT INTO kiosk_fleet(kiosk_id, reused_at, reuse_count, reuse_address) SELECT @kiosk, @now, 1, @address WHERE EXISTS (SELECT 1 FROM kiosks WHERE id = @kiosk)
                ON CONFLICT(kiosk_id) DO UPDATE SET reused_at = @now, reuse_count = kiosk_fleet.reuse_count + 1, reuse_address = @address;
            """,
            null, cancellationToken, ("@kiosk", kioskId), ("@now", Stamp(now)), ("@address", address));

    public static Task<int> ClearFlagAsync(DbConnection connection, string kioskId, CancellationToken cancellationToken) =>
        connection.ExecAsync("UPDATE kiosk_fleet SET reused_at = NULL, reuse_count = 0, reuse_address = NULL WHERE kiosk_id = @kiosk AND reused_at IS NOT NULL;",
            null, cancellationToken, ("@kiosk", kioskId));

    private static string Stamp(DateTimeOffset at) => at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private sealed class CredentialRow
    {
        public string Hash { get; init; } = "";
        public string KioskId { get; init; } = "";
        public string? ParentHash { get; init; }
        public string State { get; init; } = "";
        public string? ConnectionId { get; init; }
        public DateTimeOffset? RetiredAt { get; init; }
    }
}
