using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Options;
using SignageKiosk.Controller.Audit;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Controller.Sync;

namespace SignageKiosk.Controller.Pairing;

/// <summary>
/// One device identity per installation (docs/decisions/0008). Every Hello hands the kiosk a fresh
/// credential; the first request made with it retires the one before. A retired credential presented again
/// means a second copy of the installation exists: it is refused, the kiosk is flagged for staff, and live
/// connections that do not hold the newest credential are cut.
/// </summary>
public sealed class CredentialRotation(
    ControllerDb db,
    KioskSessions sessions,
    TimeProvider time,
    IOptions<PairingOptions> options,
    ILogger<CredentialRotation> logger)
{
    public enum Verdict
    {
        /// <summary>Not a credential rotation knows (admin-issued, unknown): authentication decides.</summary>
        NotTracked,
        Current,
        /// <summary>A freshly issued credential was used for the first time and is now the kiosk's credential.</summary>
        Promoted,
        /// <summary>No longer valid, but no sign of a copy (an administrator replaced it, or its own kiosk was just late).</summary>
        Revoked,
        /// <summary>A credential its kiosk had already moved on from: a second copy of the installation.</summary>
        Reused,
    }

    private const string Pending = "pending";
    private const string Current = "current";
    private const string Superseded = "superseded";
    private const string Abandoned = "abandoned";
    /// <summary>Issued to a connection that was issued a newer one, which was used first: never valid, never proof of a copy.</summary>
    private const string Overtaken = "overtaken";

    private sealed record Lineage(string KioskId, string Hash);
    private sealed record Row(string Hash, string KioskId, string? ParentHash, string State, string? ConnectionId, DateTimeOffset? RetiredAt);

    // The credential each live hub connection holds now: the one it opened with, or the one it was handed and has used since.
    private readonly ConcurrentDictionary<string, Lineage> _connections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _lastWarning = new(StringComparer.Ordinal);

    /// <summary>Looks at a kiosk credential before authentication: promotes a new one on first use, spots a reused one.</summary>
    public async Task<Verdict> ExamineAsync(string credentialHash, string? address, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var row = await ReadAsync(connection, null, credentialHash, cancellationToken);
        if (row is null)
        {
            return Verdict.NotTracked;
        }
        var current = await CurrentHashAsync(connection, null, row.KioskId, cancellationToken);
        if (current == credentialHash)
        {
            return Verdict.Current;
        }
        return row.State == Pending
            ? await PromoteAsync(connection, row, address, cancellationToken)
            : await JudgeAsync(connection, row, current, address, cancellationToken);
    }

    /// <summary>
    /// Before a Hello: the connection must still hold its kiosk's current credential. A connection opened with
    /// a credential that has since been retired belongs to a copy (or to an administrator's revocation).
    /// </summary>
    public async Task<bool> BeginHelloAsync(string connectionId, string kioskId, string presentedHash, string? address, CancellationToken cancellationToken)
    {
        var lineage = _connections.GetOrAdd(connectionId, _ => new Lineage(kioskId, presentedHash));
        await using var connection = await db.OpenAsync(cancellationToken);
        var current = await CurrentHashAsync(connection, null, kioskId, cancellationToken);
        if (current == lineage.Hash)
        {
            return true;
        }
        if (await ReadAsync(connection, null, lineage.Hash, cancellationToken) is { } row)
        {
            await JudgeAsync(connection, row, current, address, cancellationToken);
        }
        return false;
    }

    /// <summary>
    /// After a Hello, with the session live: the connection must still hold the current credential (its twin may
    /// have switched while this Hello ran). Null when it does not; else the next credential, which becomes current
    /// when first used, or "" when the kiosk did not ask for one.
    /// </summary>
    public async Task<string?> CompleteHelloAsync(string connectionId, bool issue, CancellationToken cancellationToken)
    {
        var lineage = _connections.GetValueOrDefault(connectionId) ?? throw new InvalidOperationException("Hello was not checked first");
        var credential = Secrets.New(Secrets.KioskCredentialPrefix);
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction();
        if (await CurrentHashAsync(connection, transaction, lineage.KioskId, cancellationToken) != lineage.Hash)
        {
            return null;
        }
        if (!issue)
        {
            return "";
        }
        var parentKnown = await connection.ScalarAsync<string>("SELECT state FROM kiosk_credentials WHERE hash = @parent AND kiosk_id = @kiosk;",
            transaction, cancellationToken, ("@parent", lineage.Hash), ("@kiosk", lineage.KioskId)) is not null;
        if (!parentKnown)
        {
            // The credential came from registration, pairing or an administrator: a new lineage starts, the old one is void.
            await connection.ExecAsync("DELETE FROM kiosk_credentials WHERE kiosk_id = @kiosk AND NOT (state = 'pending' AND parent_hash = @parent);",
                transaction, cancellationToken, ("@kiosk", lineage.KioskId), ("@parent", lineage.Hash));
        }
        await connection.ExecAsync(
            "INSERT INTO kiosk_credentials(hash, kiosk_id, parent_hash, state, connection_id, issued_at) VALUES (@hash, @kiosk, @parent, 'pending', @connection, @now);",
            transaction, cancellationToken,
            ("@hash", Secrets.Hash(credential)), ("@kiosk", lineage.KioskId), ("@parent", lineage.Hash), ("@connection", connectionId), ("@now", Stamp(time.GetUtcNow())));
        await transaction.CommitAsync(cancellationToken);
        return credential;
    }

    public void ConnectionClosed(string connectionId) => _connections.TryRemove(connectionId, out _);

    /// <summary>The kiosk was paired again: its credential history and clone flag start over.</summary>
    public async Task ForgetAsync(string kioskId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecAsync("DELETE FROM kiosk_credentials WHERE kiosk_id = @kiosk;", null, cancellationToken, ("@kiosk", kioskId));
        await ClearFlagAsync(connection, kioskId, cancellationToken);
    }

    /// <summary>Staff dealt with the copy; the flag goes, the history stays.</summary>
    public async Task<bool> ClearFlagAsync(string kioskId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await ClearFlagAsync(connection, kioskId, cancellationToken) > 0;
    }

    /// <summary>Forgets retired credentials after the retention period, and pending ones whose parent was replaced.</summary>
    public async Task PruneAsync(CancellationToken cancellationToken)
    {
        var cutoff = Stamp(time.GetUtcNow() - options.Value.CredentialHistoryRetention);
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecAsync(
            """
            DELETE FROM kiosk_credentials WHERE state IN ('superseded', 'abandoned', 'overtaken') AND retired_at < @cutoff;
            DELETE FROM kiosk_credentials WHERE state = 'pending' AND issued_at < @cutoff
                AND parent_hash IS DISTINCT FROM (SELECT credential_hash FROM kiosks WHERE id = kiosk_credentials.kiosk_id);
            """, null, cancellationToken, ("@cutoff", cutoff));
    }

    private async Task<Verdict> PromoteAsync(DbConnection connection, Row row, string? address, CancellationToken cancellationToken)
    {
        var now = Stamp(time.GetUtcNow());
        bool promoted;
        await using (var transaction = connection.BeginTransaction())
        {
            // Read again under the write lock: a sibling's promotion may have settled this one's fate meanwhile
            // (overtaken, or made the sibling's successor), and judging the stale row would call the kiosk a copy.
            var fresh = await ReadAsync(connection, transaction, row.Hash, cancellationToken);
            if (fresh is not { State: Pending })
            {
                var current = await CurrentHashAsync(connection, transaction, row.KioskId, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return await JudgeAsync(connection, fresh ?? row with { State = Abandoned }, current, address, cancellationToken);
            }
            row = fresh;
            // Compare-and-swap: only the child of the credential that is current right now may take over.
            promoted = await connection.ExecAsync("UPDATE kiosks SET credential_hash = @hash WHERE id = @kiosk AND credential_hash = @parent;",
                transaction, cancellationToken, ("@hash", row.Hash), ("@kiosk", row.KioskId), ("@parent", row.ParentHash)) == 1;
            if (promoted)
            {
                // The kiosk rotated its own credential: the kiosk is the actor; the credential is never written down.
                await AuditLog.RecordAsync(connection, transaction, row.KioskId, address, AuditActions.RotateCredential, "kiosks", row.KioskId, time.GetUtcNow(), cancellationToken);
                await connection.ExecAsync(
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
                    transaction, cancellationToken, ("@parent", row.ParentHash), ("@kiosk", row.KioskId), ("@hash", row.Hash), ("@now", now),
                    ("@connection", row.ConnectionId));
            }
            else
            {
                await connection.ExecAsync("UPDATE kiosk_credentials SET state = 'abandoned', retired_at = @now WHERE hash = @hash AND state = 'pending';",
                    transaction, cancellationToken, ("@hash", row.Hash), ("@now", now));
            }
            await transaction.CommitAsync(cancellationToken);
        }
        if (!promoted)
        {
            // Its sibling took over first (two copies said Hello with the same credential), or an administrator replaced it.
            var current = await CurrentHashAsync(connection, null, row.KioskId, cancellationToken);
            return await JudgeAsync(connection, row with { State = Abandoned }, current, address, cancellationToken);
        }
        if (row.ConnectionId is { } issuedTo && _connections.ContainsKey(issuedTo))
        {
            _connections[issuedTo] = new Lineage(row.KioskId, row.Hash);
        }
        // Any other live connection of this kiosk holds a retired credential: a stale socket of its own, or a copy.
        CutConnectionsNotHolding(row.KioskId, row.Hash);
        logger.LogDebug("Kiosk {KioskId} now uses its newest device credential", row.KioskId);
        return Verdict.Promoted;
    }

    private void CutConnectionsNotHolding(string kioskId, string? current)
    {
        foreach (var session in sessions.Matching(s => s.KioskId == kioskId))
        {
            if (!_connections.TryGetValue(session.ConnectionId, out var held) || held.Hash != current)
            {
                logger.LogInformation("Kiosk {KioskId}: closing connection {ConnectionId}, which holds a retired credential", kioskId, session.ConnectionId);
                session.Abort();
            }
        }
    }

    private async Task<Verdict> JudgeAsync(DbConnection connection, Row row, string? current, string? address, CancellationToken cancellationToken)
    {
        if (row.State == Overtaken)
        {
            // Only the kiosk it was issued to ever held it, and that kiosk has stored a newer one since: a late request, not a copy.
            return Verdict.Revoked;
        }
        // Only a retired member of the lineage the kiosk still lives in proves a copy; after an administrator
        // replaced the credential, old ones are merely revoked.
        var lineageIntact = current is not null && await connection.ScalarAsync<string>(
            "SELECT state FROM kiosk_credentials WHERE hash = @hash AND kiosk_id = @kiosk;", null, cancellationToken, ("@hash", current), ("@kiosk", row.KioskId)) == Current;
        if (!lineageIntact || row.State is not (Superseded or Abandoned))
        {
            return Verdict.Revoked;
        }
        if (row.State == Superseded && row.RetiredAt is { } retired && time.GetUtcNow() - retired < options.Value.SupersededGracePeriod)
        {
            return Verdict.Revoked;
        }
        await connection.ExecAsync(
            """
            INSERT INTO kiosk_fleet(kiosk_id, reused_at, reuse_count, reuse_address) SELECT @kiosk, @now, 1, @address WHERE EXISTS (SELECT 1 FROM kiosks WHERE id = @kiosk)
                ON CONFLICT(kiosk_id) DO UPDATE SET reused_at = @now, reuse_count = kiosk_fleet.reuse_count + 1, reuse_address = @address;
            """,
            null, cancellationToken, ("@kiosk", row.KioskId), ("@now", Stamp(time.GetUtcNow())), ("@address", address));
        // A copy that slipped in while its twin switched may still hold a live connection: it goes too.
        CutConnectionsNotHolding(row.KioskId, current);
        // A copy retries every few seconds; one warning a minute per kiosk says it all.
        var nowTicks = time.GetUtcNow().UtcTicks;
        var warn = false;
        _lastWarning.AddOrUpdate(row.KioskId, _ => { warn = true; return nowTicks; }, (_, last) =>
        {
            warn = nowTicks - last > TimeSpan.TicksPerMinute;
            return warn ? nowTicks : last;
        });
        if (warn)
        {
            // Throttled like the warning: a copy retrying every few seconds must not flood the trail.
            await AuditLog.RecordAsync(connection, null, row.KioskId, address, AuditActions.CredentialReused, "kiosks", row.KioskId, time.GetUtcNow(), cancellationToken);
            logger.LogWarning(
                "Kiosk {KioskId}: a retired device credential was presented again from {Address}; two installations share this identity (possible clone). The copy is refused; pair it again to give it its own identity",
                row.KioskId, address ?? "unknown");
        }
        return Verdict.Reused;
    }

    private static Task<int> ClearFlagAsync(DbConnection connection, string kioskId, CancellationToken cancellationToken) =>
        connection.ExecAsync("UPDATE kiosk_fleet SET reused_at = NULL, reuse_count = 0, reuse_address = NULL WHERE kiosk_id = @kiosk AND reused_at IS NOT NULL;",
            null, cancellationToken, ("@kiosk", kioskId));

    private static Task<string?> CurrentHashAsync(DbConnection connection, DbTransaction? transaction, string kioskId, CancellationToken cancellationToken) =>
        connection.ScalarAsync<string>("SELECT credential_hash FROM kiosks WHERE id = @kiosk;", transaction, cancellationToken, ("@kiosk", kioskId));

    private static async Task<Row?> ReadAsync(DbConnection connection, DbTransaction? transaction, string hash, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(
            "SELECT hash, kiosk_id, parent_hash, state, connection_id, retired_at FROM kiosk_credentials WHERE hash = @hash;", transaction, ("@hash", hash));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        var retired = reader.GetStringOrNull(5);
        return new Row(reader.GetString(0), reader.GetString(1), reader.GetStringOrNull(2), reader.GetString(3), reader.GetStringOrNull(4),
            retired is null ? null : DateTimeOffset.Parse(retired, CultureInfo.InvariantCulture));
    }

    private static string Stamp(DateTimeOffset at) => at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
}
