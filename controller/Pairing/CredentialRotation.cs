using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SignageKiosk.Controller.Audit;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Cluster;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Controller.Sync;

namespace SignageKiosk.Controller.Pairing;

/// <summary>
/// One device identity per installation (docs/decisions/0008). Every Hello hands the kiosk a fresh
/// credential; the first request made with it retires the one before. A retired credential presented again
/// means a second copy of the installation exists: it is refused, the kiosk is flagged for staff, and live
/// connections that do not hold the newest credential are cut — on every node (decision 0042): which credential a
/// connection holds is known only to the node it is connected to, so the others are told to cut their own.
/// </summary>
public sealed class CredentialRotation(
    ControllerDb db,
    GroupCommit commits,
    KioskSessions sessions,
    ClusterSignals signals,
    TimeProvider time,
    IOptions<PairingOptions> options,
    ILogger<CredentialRotation> logger) : IClusterListener
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

    /// <summary>
    /// What the other nodes are told: the kiosk's current credential hash (not the credential; never logged), and the
    /// connection the credential was issued to, which holds it now wherever it is connected.
    /// </summary>
    private sealed record Cut(string KioskId, string Hash, string? IssuedTo);

    // The credential each live hub connection holds now: the one it opened with, or the one it was handed and has used since.
    private readonly ConcurrentDictionary<string, Lineage> _connections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _lastWarning = new(StringComparer.Ordinal);

    /// <summary>
    /// Looks at a kiosk credential before authentication: promotes a new one on first use, spots a reused one. With the
    /// verdict, the kiosk whose current credential it is when the verdict is Current or Promoted (what authentication
    /// would look up next: the request's own bearer check reuses it).
    /// </summary>
    public Task<(Verdict Verdict, string? KioskId)> ExamineWithKioskAsync(string credentialHash, string? address, CancellationToken cancellationToken) =>
        ExaminePresentedAsync(credentialHash, address, null, cancellationToken);

    /// <param name="presentable">Whether this caller may present the credential at all; when not, it is NotTracked and judges nobody.</param>
    private async Task<(Verdict Verdict, string? KioskId)> ExaminePresentedAsync(string credentialHash, string? address, Func<KioskCredentialStore.Credential, bool>? presentable,
        CancellationToken cancellationToken)
    {
        KioskCredentialStore.Credential? row;
        await using (var connection = await db.OpenAsync(cancellationToken))
        {
            row = await ReadAsync(connection, null, credentialHash, cancellationToken);
            if (row is null || presentable?.Invoke(row) == false)
            {
                return (Verdict.NotTracked, null);
            }
            var current = await CurrentHashAsync(connection, null, row.KioskId, cancellationToken);
            if (current == credentialHash)
            {
                return (Verdict.Current, row.KioskId);
            }
            if (row.State != Pending)
            {
                return (await JudgeAsync(connection, row, current, address, cancellationToken), null);
            }
        }
        // The read connection is given back first: a promotion waits for its group commit (decision 0043).
        var verdict = await PromoteAsync(row, address, cancellationToken);
        return (verdict, verdict == Verdict.Promoted ? row.KioskId : null);
    }

    /// <summary>
    /// The kiosk says, over the hub connection its Hello handed the credential out on, that it has stored it
    /// (decision 0055): presenting it there does what its first use on any request would (<see cref="ExamineWithKioskAsync"/>),
    /// without a request of its own. Only a credential issued to this very connection is taken; anything else is
    /// <see cref="Verdict.NotTracked"/>, and judges nobody.
    /// </summary>
    public async Task<Verdict> ConfirmIssuedAsync(string connectionId, string kioskId, string credentialHash, string? address, CancellationToken cancellationToken) =>
        (await ExaminePresentedAsync(credentialHash, address, row => row.KioskId == kioskId && row.ConnectionId == connectionId, cancellationToken)).Verdict;

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
        if (!issue)
        {
            await using var connection = await db.OpenAsync(cancellationToken);
            return await CurrentHashAsync(connection, null, lineage.KioskId, cancellationToken) == lineage.Hash ? "" : null;
        }
        var credential = Secrets.New(Secrets.KioskCredentialPrefix);
        var issuedAt = time.GetUtcNow();
        // Every reconnecting kiosk is issued one: many at once share a commit (decision 0043).
        var stillCurrent = await commits.RunAsync(async (connection, transaction, ct) =>
        {
            if (await CurrentHashAsync(connection, transaction, lineage.KioskId, ct) != lineage.Hash)
            {
                return false;
            }
            if (await KioskCredentialStore.StateAsync(connection, transaction, lineage.Hash, lineage.KioskId, ct) is null)
            {
                // The credential came from registration, pairing or an administrator: a new lineage starts, the old one is void.
                await KioskCredentialStore.StartLineageAsync(connection, transaction, lineage.KioskId, lineage.Hash, ct);
            }
            await KioskCredentialStore.IssueAsync(connection, transaction, Secrets.Hash(credential), lineage.KioskId, lineage.Hash, connectionId, issuedAt, ct);
            return true;
        }, cancellationToken);
        return stillCurrent ? credential : null;
    }

    public void ConnectionClosed(string connectionId) => _connections.TryRemove(connectionId, out _);

    /// <summary>The kiosk was paired again: its credential history and clone flag start over.</summary>
    public async Task ForgetAsync(string kioskId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await KioskCredentialStore.ForgetAsync(connection, kioskId, cancellationToken);
        await KioskCredentialStore.ClearFlagAsync(connection, kioskId, cancellationToken);
    }

    /// <summary>Staff dealt with the copy; the flag goes, the history stays.</summary>
    public async Task<bool> ClearFlagAsync(string kioskId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await KioskCredentialStore.ClearFlagAsync(connection, kioskId, cancellationToken) > 0;
    }

    /// <summary>Forgets retired credentials after the retention period, and pending ones whose parent was replaced.</summary>
    public async Task PruneAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - options.Value.CredentialHistoryRetention;
        await using var connection = await db.OpenAsync(cancellationToken);
        await KioskCredentialStore.PruneAsync(connection, cutoff, cancellationToken);
    }

    private sealed record Promotion(bool Promoted, KioskCredentialStore.Credential Row, bool Settled, string? Current);

    private async Task<Verdict> PromoteAsync(KioskCredentialStore.Credential row, string? address, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // A kiosk's first request with its new credential; a reconnecting fleet makes thousands at once, so they share
        // a commit (decision 0043).
        var promotion = await commits.RunAsync(async (connection, transaction, ct) =>
        {
            // Read again under the write lock: a sibling's promotion may have settled this one's fate meanwhile
            // (overtaken, or made the sibling's successor), and judging the stale row would call the kiosk a copy.
            var fresh = await ReadAsync(connection, transaction, row.Hash, ct);
            if (fresh is not { State: Pending })
            {
                return new Promotion(false, fresh ?? row with { State = Abandoned }, true, await CurrentHashAsync(connection, transaction, row.KioskId, ct));
            }
            // Compare-and-swap: only the child of the credential that is current right now may take over.
            if (await KioskCredentialStore.TakeOverAsync(connection, transaction, fresh.KioskId, fresh.Hash, fresh.ParentHash, ct))
            {
                // The kiosk rotated its own credential: the kiosk is the actor; the credential is never written down.
                await AuditLog.RecordAsync(connection, transaction, fresh.KioskId, address, AuditActions.RotateCredential, "kiosks", fresh.KioskId, now, ct);
                await KioskCredentialStore.SettlePromotionAsync(connection, transaction, fresh, now, ct);
                return new Promotion(true, fresh, false, null);
            }
            await KioskCredentialStore.AbandonAsync(connection, transaction, fresh.Hash, now, ct);
            return new Promotion(false, fresh with { State = Abandoned }, false, null);
        }, cancellationToken);
        row = promotion.Row;
        if (!promotion.Promoted)
        {
            // Settled before (judged against the current credential read with it), or its sibling took over first (two
            // copies said Hello with the same credential), or an administrator replaced it.
            await using var connection = await db.OpenAsync(cancellationToken);
            var current = promotion.Settled ? promotion.Current : await CurrentHashAsync(connection, null, row.KioskId, cancellationToken);
            return await JudgeAsync(connection, row, current, address, cancellationToken);
        }
        // Any other live connection of this kiosk holds a retired credential: a stale socket of its own, or a copy.
        await CutEverywhereAsync(new Cut(row.KioskId, row.Hash, row.ConnectionId), cancellationToken);
        logger.LogDebug("Kiosk {KioskId} now uses its newest device credential", row.KioskId);
        return Verdict.Promoted;
    }

    /// <summary>
    /// Cuts this node's connections of the kiosk that do not hold <see cref="Cut.Hash"/> (the one it was issued to now
    /// holds it) and, on several nodes, tells the others to do the same with theirs.
    /// </summary>
    private async Task CutEverywhereAsync(Cut cut, CancellationToken cancellationToken)
    {
        Apply(cut);
        if (db.Provider != StoreProvider.PostgreSql)
        {
            return;
        }
        try
        {
            await signals.NotifyAsync(ClusterChannels.CredentialCut, JsonSerializer.Serialize(cut), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The decision is in the store already: a copy on another node is refused at its next Hello or request.
            logger.LogWarning(e, "Kiosk {KioskId}: could not tell the other nodes to cut connections holding a retired credential", cut.KioskId);
        }
    }

    private void Apply(Cut cut)
    {
        if (cut.IssuedTo is { } issuedTo && _connections.TryGetValue(issuedTo, out var held))
        {
            _connections.TryUpdate(issuedTo, new Lineage(cut.KioskId, cut.Hash), held);
        }
        CutConnectionsNotHolding(cut.KioskId, cut.Hash);
    }

    string IClusterListener.Channel => ClusterChannels.CredentialCut;

    /// <summary>Another node (or this one) promoted a credential or saw a copy: this node cuts its own connections that do not hold it.</summary>
    async Task IClusterListener.OnNotificationAsync(string payload, CancellationToken cancellationToken)
    {
        if (JsonSerializer.Deserialize<Cut>(payload) is not { KioskId: not null, Hash: not null } cut)
        {
            return;
        }
        if (sessions.OfKiosk(cut.KioskId).Count == 0 && (cut.IssuedTo is null || !_connections.ContainsKey(cut.IssuedTo)))
        {
            // Nothing of that kiosk here (the usual case: a reconnecting fleet sends one of these per kiosk to every node).
            return;
        }
        await using var connection = await db.OpenAsync(cancellationToken);
        // Notifications from two nodes may arrive out of order: only the credential that is current now counts (a newer
        // one has its own notification on the way).
        if (await CurrentHashAsync(connection, null, cut.KioskId, cancellationToken) == cut.Hash)
        {
            Apply(cut);
        }
    }

    private void CutConnectionsNotHolding(string kioskId, string? current)
    {
        foreach (var session in sessions.OfKiosk(kioskId))
        {
            if (!_connections.TryGetValue(session.ConnectionId, out var held) || held.Hash != current)
            {
                logger.LogInformation("Kiosk {KioskId}: closing connection {ConnectionId}, which holds a retired credential", kioskId, session.ConnectionId);
                session.Abort();
            }
        }
    }

    private async Task<Verdict> JudgeAsync(DbConnection connection, KioskCredentialStore.Credential row, string? current, string? address, CancellationToken cancellationToken)
    {
        if (row.State == Overtaken)
        {
            // Only the kiosk it was issued to ever held it, and that kiosk has stored a newer one since: a late request, not a copy.
            return Verdict.Revoked;
        }
        // Only a retired member of the lineage the kiosk still lives in proves a copy; after an administrator
        // replaced the credential, old ones are merely revoked.
        var lineageIntact = current is not null && await KioskCredentialStore.StateAsync(connection, null, current, row.KioskId, cancellationToken) == Current;
        if (!lineageIntact || current is null || row.State is not (Superseded or Abandoned))
        {
            return Verdict.Revoked;
        }
        if (row.State == Superseded && row.RetiredAt is { } retired && time.GetUtcNow() - retired < options.Value.SupersededGracePeriod)
        {
            return Verdict.Revoked;
        }
        await KioskCredentialStore.FlagReuseAsync(connection, row.KioskId, time.GetUtcNow(), address, cancellationToken);
        // A copy that slipped in while its twin switched may still hold a live connection, on any node: it goes too.
        await CutEverywhereAsync(new Cut(row.KioskId, current, null), cancellationToken);
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

    private static Task<string?> CurrentHashAsync(DbConnection connection, DbTransaction? transaction, string kioskId, CancellationToken cancellationToken) =>
        KioskCredentialStore.CurrentHashAsync(connection, transaction, kioskId, cancellationToken);

    private static Task<KioskCredentialStore.Credential?> ReadAsync(DbConnection connection, DbTransaction? transaction, string hash, CancellationToken cancellationToken) =>
        KioskCredentialStore.ReadAsync(connection, transaction, hash, cancellationToken);
}
