using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.SignalR;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Broadcasts;
using SignageKiosk.Controller.Cluster;
using SignageKiosk.Controller.Observability;
using SignageKiosk.Controller.Pairing;
using SignageKiosk.Controller.Places;
using SignageKiosk.Controller.ProofOfDisplay;
using SignageKiosk.Controller.Reports;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Controller.Updates;
using SignageKiosk.Shared.ProofOfDisplay;
using SignageKiosk.Shared.Reports;
using SignageKiosk.Shared.Sync;
using SignageKiosk.Shared.Updates;

namespace SignageKiosk.Controller.Sync;

/// <summary>
/// The kiosks' only door. Every method runs as the kiosk named by the device credential on the connection;
/// a kiosk can read only what targets its own place chain.
/// </summary>
[Authorize(Policy = AuthPolicies.Kiosk)]
public sealed class KioskHub(
    KioskSessions sessions,
    ChangeDispatcher dispatcher,
    ChangeLog changeLog,
    SnapshotReader snapshots,
    KioskDirectory directory,
    BroadcastDisplays broadcastDisplays,
    KioskPresence presence,
    StoreEpoch epoch,
    TimeProvider time,
    Microsoft.Extensions.Options.IOptions<SyncOptions> options,
    Microsoft.Extensions.Options.IOptions<Print.PublicUrlOptions> publicUrl,
    ControllerMetrics metrics,
    CredentialRotation rotation,
    ILogger<KioskHub> logger) : Hub
{
    public async Task<HelloResponse> Hello(HelloRequest request)
    {
        var kioskId = Context.User!.KioskId() ?? throw new HubException("not a kiosk");
        // Checked before anything changes, so a bad hello leaves the connection as it was.
        if (request is null)
        {
            throw new HubException("send a hello request");
        }
        if (request.Cursor < 0)
        {
            throw new HubException("cursor must not be negative");
        }
        if (request.CatchUpMax < 0)
        {
            throw new HubException("catchUpMax must not be negative");
        }
        var cancellationToken = Context.ConnectionAborted;
        var placement = await directory.PlacementAsync(kioskId, cancellationToken)
            ?? throw new HubException("this kiosk is no longer registered");
        if (sessions.Remove(Context.ConnectionId) is not null)
        {
            logger.LogInformation("Kiosk {KioskId} said hello twice on one connection", kioskId);
        }
        var fingerprint = SyncRules.Fingerprint(kioskId, placement.Chain, epoch.Current);
        var session = new KioskSession(Context.ConnectionId, kioskId, placement.StationId, placement.Chain, options.Value.OutboxCapacity, Context.Abort)
        {
            SoftwareVersion = Truncate(request.SoftwareVersion, 64),
        };
        // A cursor past the controller's head (say the controller was restored from a backup) cannot be caught
        // up from: the kiosk starts again from a snapshot instead of being refused for ever. A cursor at or below the head
        // after a restore is caught by the fingerprint, which carries the store's epoch (decision 0047).
        var ahead = request.Cursor > await changeLog.HeadAsync(cancellationToken);
        session.AckedSeq = ahead ? 0 : request.Cursor;
        session.Served = session.AckedSeq;
        session.LastSeenTicks = time.GetUtcNow().UtcTicks;
        var head = await dispatcher.RegisterAsync(session, upTo => changeLog.HeadForAsync(kioskId, placement.Chain, upTo, cancellationToken));
        await presence.ConnectedAsync(session, cancellationToken);
        logger.LogInformation("Kiosk {KioskId} connected at cursor {Cursor}; its head is {Head}", kioskId, request.Cursor, head);
        var snapshotRequired = request.Cursor <= 0 || ahead || request.ChainFingerprint != fingerprint;
        // The first catch-up batch rides on the answer (decision 0055): read after registering, as CatchUp would be.
        var changes = snapshotRequired || request.CatchUpMax == 0 ? null : await CatchUpBatchAsync(session, request.Cursor, request.CatchUpMax, cancellationToken);
        return new HelloResponse
        {
            KioskId = kioskId,
            Chain = placement.Chain,
            ChainFingerprint = fingerprint,
            Head = head,
            SnapshotRequired = snapshotRequired,
            ServerTime = time.GetUtcNow(),
            PublicUrl = Context.GetHttpContext() is { } http ? publicUrl.Value.BaseFor(http.Request) : null,
            Changes = changes,
        };
    }

    public async Task<ChangeBatch> CatchUp(long after, int max)
    {
        var session = Session();
        if (after < 0)
        {
            throw new HubException("cursor must not be negative");
        }
        return await CatchUpBatchAsync(session, after, max, Context.ConnectionAborted);
    }

    private async Task<ChangeBatch> CatchUpBatchAsync(KioskSession session, long after, int max, CancellationToken cancellationToken)
    {
        var batch = await changeLog.ReadAfterAsync(session.KioskId, session.Chain, after, max, cancellationToken);
        if (batch.Changes.Count > 0)
        {
            Served(session, batch.Changes[^1].Seq);
        }
        metrics.CatchUpServed();
        return batch;
    }

    public async Task<SyncSnapshot> Snapshot()
    {
        var session = Session();
        var snapshot = await snapshots.ReadAsync(session.KioskId, session.Chain, Context.ConnectionAborted);
        Served(session, snapshot.Seq);
        metrics.SnapshotServed();
        return snapshot;
    }

    /// <summary>
    /// The kiosk has stored the credential this connection's Hello handed out (decision 0008): presented here, it
    /// retires the one before, as its first use on a request would, without a request of its own (decision 0055).
    /// </summary>
    public async Task ConfirmCredential(string credential)
    {
        var session = Session();
        if (string.IsNullOrEmpty(credential) || credential.Length > 200 || !credential.StartsWith(Secrets.KioskCredentialPrefix, StringComparison.Ordinal))
        {
            throw new HubException("send the device credential this connection's Hello handed out");
        }
        var address = Context.GetHttpContext()?.Connection.RemoteIpAddress?.ToString();
        switch (await rotation.ConfirmIssuedAsync(Context.ConnectionId, session.KioskId, Secrets.Hash(credential), address, Context.ConnectionAborted))
        {
            case CredentialRotation.Verdict.Promoted or CredentialRotation.Verdict.Current:
                return;
            case CredentialRotation.Verdict.NotTracked:
                throw new HubException("this is not a device credential this connection was handed");
            case CredentialRotation.Verdict.Reused:
                Context.Abort();
                throw new HubException("this device credential was replaced by a newer one; another copy of this kiosk holds it");
            default:
                throw new HubException("this device credential is no longer valid");
        }
    }

    public void Ack(long seq)
    {
        var session = Session();
        if (seq < 0)
        {
            throw new HubException("sequence must not be negative");
        }
        if (seq > Math.Max(Interlocked.Read(ref session.Served), session.LastSent))
        {
            // Nothing past what this connection was given can have been applied: a bogus ack would hide a lagging kiosk.
            throw new HubException($"sequence {seq} was never sent to this kiosk");
        }
        long current;
        do
        {
            current = Interlocked.Read(ref session.AckedSeq);
        }
        while (seq > current && Interlocked.CompareExchange(ref session.AckedSeq, seq, current) != current);
        Interlocked.Exchange(ref session.LastSeenTicks, time.GetUtcNow().UtcTicks);
        if (session.TryEndTimedPush(seq, out var pushedAt))
        {
            metrics.AckedAfter(time.GetElapsedTime(pushedAt));
        }
    }

    /// <summary>The kiosk's board painted an emergency broadcast; only one that targets this kiosk is recorded.</summary>
    public async Task BroadcastDisplayed(string broadcastId, DateTimeOffset displayedAt)
    {
        var session = Session();
        if (string.IsNullOrEmpty(broadcastId) || broadcastId.Length > Shared.Content.ContentValidator.MaxIdLength
            || !await broadcastDisplays.RecordAsync(session.KioskId, session.Chain, broadcastId, displayedAt, Context.ConnectionAborted))
        {
            throw new HubException("that broadcast is not one this kiosk receives");
        }
        Interlocked.Exchange(ref session.LastSeenTicks, time.GetUtcNow().UtcTicks);
    }

    /// <summary>
    /// Display hours (proof of display). All or nothing: one bad record refuses the upload and stores none. Notices this
    /// kiosk was never sent are left out and logged.
    /// </summary>
    public async Task<DisplayReportResult> ReportDisplay(DisplayReport report, [FromServices] DisplayProofStore proof)
    {
        var session = Session();
        if (DisplayRules.Problem(report, time.GetUtcNow()) is { } problem)
        {
            throw new HubException(problem);
        }
        var outcome = await proof.StoreAsync(session.KioskId, session.Chain, report.Records, Context.ConnectionAborted);
        if (outcome.Ignored.Count > 0)
        {
            // Not a refusal: the kiosk marks them sent and moves on. But a genuine kiosk only counts what it was sent.
            logger.LogWarning("Kiosk {KioskId} reported display hours for {Count} notices it was never sent ({Notices}); they are not counted",
                session.KioskId, outcome.Ignored.Count, string.Join(", ", outcome.Ignored.Take(5)));
        }
        return new DisplayReportResult { Stored = outcome.Stored, Ignored = outcome.Ignored.Count };
    }

    /// <summary>
    /// A resident's report (我要反映). The same key from the same kiosk answers the same receipt and stores nothing new,
    /// so a kiosk that lost the answer (or was killed before it stored it) simply sends again.
    /// </summary>
    public async Task<ReportReceipt> SubmitReport(ResidentReport report, [FromServices] ReportStore reports, [FromServices] ReportLimitStore limits)
    {
        var session = Session();
        var normalised = report is null ? null : ReportRules.Normalised(report);
        if (ReportRules.Problem(normalised, time.GetUtcNow()) is { } problem)
        {
            throw new HubException(problem);
        }
        // A key already stored is a retry: it gets its receipt back whatever the limits say now. A refusal is final for
        // the kiosk's sender (it stops sending that report), and nothing is stored (docs/decisions/0030).
        if (!await limits.IsStoredAsync(session.KioskId, normalised!.IdempotencyKey, Context.ConnectionAborted)
            && await limits.RefusalAsync(session.KioskId, ReportLimitStore.FromKiosk, normalised, null, Context.ConnectionAborted) is { } limited)
        {
            logger.LogWarning("Kiosk {KioskId}: a report was refused by the limits: {Refusal}", session.KioskId, limited);
            throw new HubException(limited);
        }
        var outcome = await reports.SubmitAsync(session.KioskId, session.Chain.FirstOrDefault() ?? "", normalised!, Context.ConnectionAborted);
        if (outcome.Refusal is { } refusal)
        {
            throw new HubException(refusal);
        }
        Interlocked.Exchange(ref session.LastSeenTicks, time.GetUtcNow().UtcTicks);
        logger.LogInformation("Kiosk {KioskId} submitted report {Reference}", session.KioskId, outcome.Receipt!.Reference);
        return outcome.Receipt;
    }

    /// <summary>
    /// A resident's look-up by reference at the board: the public status of a report about a building at or under this
    /// kiosk's own place, not marked spam; null for anything else (unknown, another compound's, spam, or not a reference
    /// at all), one answer for all so a board cannot be used to probe.
    /// </summary>
    public async Task<ReportStatus?> LookUpReport(string reference, [FromServices] ReportStatusStore statuses)
    {
        var session = Session();
        if (ReportReference.Parse(reference) is not { } parsed)
        {
            return null;
        }
        return await statuses.FindAsync(parsed, session.Chain.FirstOrDefault() ?? "", Context.ConnectionAborted);
    }

    /// <summary>A resident's rating at the board: once, of a resolved report this kiosk may look up; else a Chinese refusal.</summary>
    public async Task<ReportStatus> RateReport(ReportRatingRequest request, [FromServices] ReportStatusStore statuses)
    {
        var session = Session();
        if (request is null || !Enum.IsDefined(request.Rating))
        {
            throw new HubException("请选择满意、基本满意或不满意");
        }
        if (ReportReference.Parse(request.Reference) is not { } parsed)
        {
            throw new HubException(ReportStatusStore.Unknown);
        }
        var rated = await statuses.RateAsync(parsed, session.Chain.FirstOrDefault() ?? "", request.Rating, "kiosk:" + session.KioskId, Context.ConnectionAborted);
        if (rated.Refusal is { } refusal)
        {
            throw new HubException(refusal);
        }
        logger.LogInformation("Kiosk {KioskId}: report {Reference} rated {Rating}", session.KioskId, parsed, request.Rating);
        return rated.Status!;
    }

    /// <summary>The build this kiosk should install now (decision 0051), or null. Asked after every hello and heartbeat.</summary>
    public async Task<UpdateOffer?> CheckForUpdate([FromServices] UpdateOffers offers)
    {
        var session = Session();
        return await offers.ForAsync(session.KioskId, Context.ConnectionAborted);
    }

    /// <summary>
    /// A kiosk's step with an offered build: downloading, installed, healthy, rolled back or refused (with why). Only for
    /// a rollout and build this kiosk was offered; a repeat changes nothing. A step that moves the rollout on offers the
    /// build to the kiosks now due.
    /// </summary>
    public async Task ReportUpdate(UpdateReport report, [FromServices] RolloutStore rollouts, [FromServices] UpdateOffers offers)
    {
        var session = Session();
        if (UpdateReport.Problem(report) is { } problem)
        {
            throw new HubException(problem);
        }
        var outcome = await rollouts.ReportAsync(session.KioskId, report, time.GetUtcNow(), Context.ConnectionAborted);
        if (outcome.Refusal is { } refusal)
        {
            throw new HubException(refusal);
        }
        Interlocked.Exchange(ref session.LastSeenTicks, time.GetUtcNow().UtcTicks);
        if (!outcome.Moved)
        {
            return;
        }
        if (report.Step is UpdateStep.RolledBack or UpdateStep.Refused)
        {
            logger.LogWarning("Kiosk {KioskId}: build {Sha256} of rollout {RolloutId} {Step}: {Detail}", session.KioskId, report.Sha256, report.RolloutId, report.Step, report.Detail);
        }
        else
        {
            logger.LogInformation("Kiosk {KioskId}: build {Sha256} of rollout {RolloutId} {Step}", session.KioskId, report.Sha256, report.RolloutId, report.Step);
        }
        if (outcome.NewState is { } state)
        {
            logger.Log(state == RolloutState.Stopped ? LogLevel.Warning : LogLevel.Information, "Rollout {RolloutId} is now {State}", report.RolloutId, state);
        }
        if (report.Step is UpdateStep.Healthy or UpdateStep.RolledBack or UpdateStep.Refused)
        {
            // A kiosk finished: a place under the pace is free, or the next stage may begin.
            offers.PushSoon();
        }
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (sessions.Remove(Context.ConnectionId) is { } session)
        {
            logger.LogInformation("Kiosk {KioskId} disconnected", session.KioskId);
            await presence.DisconnectedAsync(session.ConnectionId, CancellationToken.None);
        }
    }

    private static void Served(KioskSession session, long seq)
    {
        long current;
        do
        {
            current = Interlocked.Read(ref session.Served);
        }
        while (seq > current && Interlocked.CompareExchange(ref session.Served, seq, current) != current);
    }

    private KioskSession Session() =>
        sessions.Get(Context.ConnectionId) ?? throw new HubException("say Hello first");

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}
