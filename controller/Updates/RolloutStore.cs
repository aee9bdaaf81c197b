using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Audit;
using SignageKiosk.Controller.Places;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Shared.Updates;

namespace SignageKiosk.Controller.Updates;

/// <summary>A rollout as staff see it: its build, stages and pace, and how far each stage got.</summary>
public sealed record Rollout(
    long Id, string BuildSha256, string Version, IReadOnlyList<string> Stages, int MaxAtOnce, int FailureLimit, RolloutState State,
    DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset UpdatedAt, IReadOnlyList<RolloutStageProgress> Progress, IReadOnlyList<RolloutKiosk> Kiosks)
{
    /// <summary>Minutes between the last healthy kiosk of a stage and the next stage's first offer (0: at once).</summary>
    public int StageWaitMinutes { get; init; }
    /// <summary>When the stage being rolled out may begin (or began) after its wait; null when no wait holds it.</summary>
    public DateTimeOffset? StageOpensAt { get; init; }
}

/// <summary>One stage's counts: its kiosks, those not offered yet, on their way, healthy, and failed (rolled back or refused).</summary>
public sealed record RolloutStageProgress(int Stage, string Target, int Kiosks, int Waiting, int InFlight, int Healthy, int Failed);

public sealed record RolloutKiosk(string KioskId, int Stage, UpdateStep? Step, string? Detail, DateTimeOffset? UpdatedAt);

/// <summary>The rollouts and rollout_kiosks tables (decision 0051: SQL only in stores). Decisions are RolloutPlan's, taken inside one write transaction.</summary>
public sealed class RolloutStore(ControllerDb db, KioskDirectory directory)
{
    // Kiosks found in no stage of the active rollout (its id): not looked up again at every heartbeat while it runs.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _inNoStage = new(StringComparer.Ordinal);

    /// <summary>What a kiosk's report did: refused (with why), or accepted, and whether the rollout's state changed.</summary>
    public sealed record ReportOutcome(string? Refusal, RolloutState? NewState, bool Moved);

    /// <summary>The rollout that is active or paused (one at a time, see <see cref="CreateAsync"/>): its id and its build.</summary>
    public sealed record OpenRollout(long Id, string BuildSha256);

    /// <summary>The active or paused rollout, or null: read without its members.</summary>
    public async Task<OpenRollout?> OpenAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await OpenAsync(connection, null, cancellationToken);
    }

    /// <summary>The same, read inside a caller's transaction (a build's removal asks under the write lock).</summary>
    public async Task<OpenRollout?> OpenAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken) =>
        await OpenRowAsync(connection, transaction, cancellationToken) is { } row ? new OpenRollout(row.Id, row.BuildSha256) : null;

    /// <summary>
    /// Makes the rollout, under the store's write lock; <paramref name="bundleStored"/> is asked under it too, so a removal
    /// of the build's bytes (which takes the same lock) comes wholly before or after.
    /// </summary>
    public async Task<long> CreateAsync(string buildSha256, Func<bool> bundleStored, IReadOnlyList<string> stages, int maxAtOnce, int failureLimit, int stageWaitMinutes, string actor, string? address, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        if (await OpenRowAsync(connection, transaction, cancellationToken) is { Id: var open })
        {
            throw ApiException.Conflict($"发布 {open} 尚未结束；请等它完成，或先停止它 (rollout {open} is still active or paused: let it finish or stop it first)");
        }
        if (await connection.ScalarAsync<string>("SELECT sha256 FROM kiosk_builds WHERE sha256 = @sha;", transaction, cancellationToken, ("@sha", buildSha256)) is null)
        {
            throw new ApiException(StatusCodes.Status404NotFound, $"没有这个安装包：{buildSha256} (no build {buildSha256}; upload it first)", "build");
        }
        if (!bundleStored())
        {
            throw ApiException.Conflict("这个安装包的文件已删除，请重新上传后再发布 (this build's bundle was removed: upload it again first)");
        }
        for (var i = 0; i < stages.Count; i++)
        {
            if (stages[i] != RolloutPlan.Everything && await connection.ScalarAsync<long>(
                "SELECT (SELECT count(*) FROM places WHERE id = @id) + (SELECT count(*) FROM stations WHERE id = @id) + (SELECT count(*) FROM kiosks WHERE id = @id);",
                transaction, cancellationToken, ("@id", stages[i])) == 0)
            {
                throw ApiException.BadRequest($"第 {i + 1} 阶段的“{stages[i]}”不是地点、驿站或屏幕编号 (stage {i + 1}: {stages[i]} is no place, station or kiosk)", $"stages[{i}]");
            }
        }
        var kiosks = await connection.QueryAsync<KioskRow>(
            "SELECT k.id, k.station_id, coalesce(k.place_id, s.place_id) AS place_id FROM kiosks k JOIN stations s ON s.id = k.station_id ORDER BY k.id;",
            transaction, cancellationToken);
        var chains = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var members = new List<(string KioskId, int Stage)>();
        foreach (var kiosk in kiosks)
        {
            if (!chains.TryGetValue(kiosk.PlaceId, out var chain))
            {
                chains[kiosk.PlaceId] = chain = await KioskDirectory.AncestryAsync(connection, transaction, kiosk.PlaceId, cancellationToken);
            }
            if (RolloutPlan.StageOf(stages, kiosk.Id, kiosk.StationId, chain) is { } stage)
            {
                members.Add((kiosk.Id, stage));
            }
        }
        if (members.Count == 0)
        {
            throw ApiException.BadRequest("这些阶段里没有任何屏幕 (no kiosk is in any of these stages)", "stages");
        }
        var stamp = Stamp(now);
        var id = await connection.ScalarAsync<long>(
            """
            INSERT INTO rollouts(build_sha256, stages, max_at_once, failure_limit, stage_wait_minutes, state, created_at, created_by, updated_at)
            VALUES (@sha, @stages, @max, @limit, @wait, 'active', @now, @actor, @now) RETURNING id;
            """, transaction, cancellationToken,
            ("@sha", buildSha256), ("@stages", JsonSerializer.Serialize(stages)), ("@max", maxAtOnce), ("@limit", failureLimit), ("@wait", stageWaitMinutes),
            ("@now", stamp), ("@actor", actor));
        foreach (var (kioskId, stage) in members)
        {
            await connection.ExecAsync("INSERT INTO rollout_kiosks(rollout_id, kiosk_id, stage) VALUES (@id, @kiosk, @stage);",
                transaction, cancellationToken, ("@id", id), ("@kiosk", kioskId), ("@stage", stage));
        }
        await AuditLog.RecordAsync(connection, transaction, actor, address, "create", "rollouts", id.ToString(CultureInfo.InvariantCulture), now, cancellationToken,
            after: JsonSerializer.Serialize(new { build = buildSha256, stages, maxAtOnce, failureLimit, stageWaitMinutes, kiosks = members.Count }));
        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    /// <summary>Pauses an active rollout or resumes a paused one; false when it is in neither state it should be in.</summary>
    public async Task<bool> SetStateAsync(long id, RolloutState from, RolloutState to, string actor, string? address, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        var changed = await connection.ExecAsync("UPDATE rollouts SET state = @to, updated_at = @now WHERE id = @id AND state = @from;",
            transaction, cancellationToken, ("@to", Name(to)), ("@from", Name(from)), ("@now", Stamp(now)), ("@id", id)) > 0;
        if (changed)
        {
            await AuditLog.RecordAsync(connection, transaction, actor, address, to == RolloutState.Paused ? "pause" : to == RolloutState.Active ? "resume" : Name(to),
                "rollouts", id.ToString(CultureInfo.InvariantCulture), now, cancellationToken, before: Name(from), after: Name(to));
        }
        await transaction.CommitAsync(cancellationToken);
        return changed;
    }

    public async Task<List<Rollout>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<RolloutRow>(RolloutSelect + " ORDER BY r.id DESC LIMIT @limit;", null, cancellationToken, ("@limit", limit));
        var result = new List<Rollout>(rows.Count);
        foreach (var row in rows)
        {
            result.Add(View(row, await MembersAsync(connection, null, row.Id, cancellationToken)));
        }
        return result;
    }

    public async Task<Rollout?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrNullAsync<RolloutRow>(RolloutSelect + " WHERE r.id = @id;", null, cancellationToken, ("@id", id));
        return row is null ? null : View(row, await MembersAsync(connection, null, row.Id, cancellationToken));
    }

    /// <summary>The kiosks of active rollouts that are due an offer now (RolloutPlan), for the push after a change.</summary>
    public async Task<List<string>> DueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var due = new List<string>();
        foreach (var row in await connection.QueryAsync<RolloutRow>(RolloutSelect + " WHERE r.state = 'active';", null, cancellationToken))
        {
            var members = await MembersAsync(connection, null, row.Id, cancellationToken);
            var plan = members.Select(Plan).ToList();
            due.AddRange(plan.Where(m => RolloutPlan.ShouldOffer(RolloutState.Active, (int)row.MaxAtOnce, plan, m.KioskId, row.StageWait, now)).Select(m => m.KioskId));
        }
        return due;
    }

    /// <summary>
    /// The build this kiosk should install now, marked offered; null when none. Decided in a write transaction, so two
    /// kiosks asking at once cannot both take the last place under the rollout's pace.
    /// </summary>
    public async Task<UpdateOffer?> OfferAsync(string kioskId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var id = await connection.ScalarAsync<long?>(
            "SELECT r.id FROM rollout_kiosks m JOIN rollouts r ON r.id = m.rollout_id WHERE m.kiosk_id = @kiosk AND r.state = 'active' ORDER BY r.id DESC LIMIT 1;",
            null, cancellationToken, ("@kiosk", kioskId)) ?? await JoinAsync(connection, kioskId, cancellationToken);
        if (id is null)
        {
            return null;
        }
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        var row = await connection.QuerySingleOrNullAsync<RolloutRow>(RolloutSelect + " WHERE r.id = @id;", transaction, cancellationToken, ("@id", id.Value));
        if (row is null || Parse(row.State) != RolloutState.Active)
        {
            return null;
        }
        var members = (await MembersAsync(connection, transaction, row.Id, cancellationToken)).Select(Plan).ToList();
        if (!RolloutPlan.ShouldOffer(RolloutState.Active, (int)row.MaxAtOnce, members, kioskId, row.StageWait, now))
        {
            return null;
        }
        await connection.ExecAsync(
            "UPDATE rollout_kiosks SET step = @step, detail = NULL, updated_at = @now WHERE rollout_id = @id AND kiosk_id = @kiosk AND step IS NULL;",
            transaction, cancellationToken, ("@step", nameof(UpdateStep.Offered)), ("@now", Stamp(now)), ("@id", row.Id), ("@kiosk", kioskId));
        await transaction.CommitAsync(cancellationToken);
        return new UpdateOffer { RolloutId = row.Id, Sha256 = row.BuildSha256, Size = row.Size, Version = row.Version, Signature = row.Signature };
    }

    /// <summary>
    /// A kiosk registered (or put in a stage's place) after the active rollout was made joins it when it first asks: a
    /// stage is its place's kiosks as they are now. The id of the rollout it joined, or null when no stage takes it.
    /// </summary>
    private async Task<long?> JoinAsync(DbConnection connection, string kioskId, CancellationToken cancellationToken)
    {
        var open = await OpenRowAsync(connection, null, cancellationToken);
        if (open is null || open.State != Name(RolloutState.Active) || (_inNoStage.TryGetValue(kioskId, out var checkedFor) && checkedFor == open.Id)
            || await directory.PlacementAsync(kioskId, cancellationToken) is not { } placement)
        {
            return null;
        }
        var stages = JsonSerializer.Deserialize<List<string>>(open.Stages) ?? [];
        if (RolloutPlan.StageOf(stages, kioskId, placement.StationId, placement.Chain) is not { } stage)
        {
            _inNoStage[kioskId] = open.Id;
            return null;
        }
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        await connection.ExecAsync("INSERT INTO rollout_kiosks(rollout_id, kiosk_id, stage) VALUES (@id, @kiosk, @stage) ON CONFLICT DO NOTHING;",
            transaction, cancellationToken, ("@id", open.Id), ("@kiosk", kioskId), ("@stage", stage));
        await transaction.CommitAsync(cancellationToken);
        return open.Id;
    }

    /// <summary>Records a kiosk's step; a rollback or refusal may stop the rollout, the last healthy kiosk completes it.</summary>
    public async Task<ReportOutcome> ReportAsync(string kioskId, UpdateReport report, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        var row = await connection.QuerySingleOrNullAsync<RolloutRow>(RolloutSelect + " WHERE r.id = @id;", transaction, cancellationToken, ("@id", report.RolloutId));
        var members = row is null ? [] : await MembersAsync(connection, transaction, row.Id, cancellationToken);
        var member = members.FirstOrDefault(m => m.KioskId == kioskId);
        if (row is null || member is null || row.BuildSha256 != report.Sha256)
        {
            return new ReportOutcome("that rollout and build are not one this kiosk was offered", null, false);
        }
        if (!RolloutPlan.Moves(ParseStep(member.Step), report.Step))
        {
            // A repeat (the kiosk resends what it could not confirm) or a late word after a final one: nothing changes.
            return new ReportOutcome(null, null, false);
        }
        await connection.ExecAsync(
            "UPDATE rollout_kiosks SET step = @step, detail = @detail, updated_at = @now WHERE rollout_id = @id AND kiosk_id = @kiosk;",
            transaction, cancellationToken, ("@step", report.Step.ToString()), ("@detail", report.Detail), ("@now", Stamp(now)), ("@id", row.Id), ("@kiosk", kioskId));
        member.Step = report.Step.ToString();
        var before = Parse(row.State);
        var after = RolloutPlan.After(before, (int)row.FailureLimit, members.Select(Plan).ToList());
        if (after != before)
        {
            await connection.ExecAsync("UPDATE rollouts SET state = @state, updated_at = @now WHERE id = @id;",
                transaction, cancellationToken, ("@state", Name(after)), ("@now", Stamp(now)), ("@id", row.Id));
            await AuditLog.RecordAsync(connection, transaction, "kiosk:" + kioskId, null, after == RolloutState.Stopped ? "stop" : "complete",
                "rollouts", row.Id.ToString(CultureInfo.InvariantCulture), now, cancellationToken, before: Name(before), after: Name(after));
        }
        await transaction.CommitAsync(cancellationToken);
        return new ReportOutcome(null, after != before ? after : null, true);
    }

    /// <summary>Whether any rollout is offering a build now.</summary>
    public async Task<bool> AnyActiveAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.ScalarAsync<long?>("SELECT id FROM rollouts WHERE state = 'active' LIMIT 1;", null, cancellationToken) is not null;
    }

    /// <summary>Whether this kiosk was offered this build (so it may download it).</summary>
    public async Task<bool> WasOfferedAsync(string kioskId, string sha256, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.ScalarAsync<long>(
            "SELECT count(*) FROM rollout_kiosks m JOIN rollouts r ON r.id = m.rollout_id WHERE m.kiosk_id = @kiosk AND r.build_sha256 = @sha AND m.step IS NOT NULL;",
            null, cancellationToken, ("@kiosk", kioskId), ("@sha", sha256)) > 0;
    }

    /// <summary>Each kiosk's step in the newest rollout it is part of, for the fleet list (kiosk id → version, step, detail).</summary>
    public async Task<Dictionary<string, (string Version, UpdateStep? Step, string? Detail)>> LatestStepsAsync(IReadOnlyCollection<string> kioskIds, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, (string, UpdateStep?, string?)>(StringComparer.Ordinal);
        if (kioskIds.Count == 0)
        {
            return result;
        }
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<LatestRow>(
            """
            SELECT m.kiosk_id, m.step, m.detail, b.version
            FROM rollout_kiosks m JOIN rollouts r ON r.id = m.rollout_id JOIN kiosk_builds b ON b.sha256 = r.build_sha256
            WHERE m.step IS NOT NULL AND m.rollout_id = (SELECT max(x.rollout_id) FROM rollout_kiosks x WHERE x.kiosk_id = m.kiosk_id AND x.step IS NOT NULL);
            """, null, cancellationToken);
        foreach (var row in rows.Where(r => kioskIds.Contains(r.KioskId)))
        {
            result[row.KioskId] = (row.Version, ParseStep(row.Step), row.Detail);
        }
        return result;
    }

    private const string RolloutSelect =
        """
        SELECT r.id, r.build_sha256, b.version, b.size, b.signature, r.stages, r.max_at_once, r.failure_limit, r.stage_wait_minutes, r.state, r.created_at, r.created_by, r.updated_at
        FROM rollouts r JOIN kiosk_builds b ON b.sha256 = r.build_sha256
        """;

    private static Task<OpenRolloutRow?> OpenRowAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken) =>
        connection.QuerySingleOrNullAsync<OpenRolloutRow>(
            "SELECT id, build_sha256, stages, state FROM rollouts WHERE state IN ('active', 'paused') ORDER BY id LIMIT 1;", transaction, cancellationToken);

    private static Task<List<MemberRow>> MembersAsync(DbConnection connection, DbTransaction? transaction, long id, CancellationToken cancellationToken) =>
        connection.QueryAsync<MemberRow>("SELECT kiosk_id, stage, step, detail, updated_at FROM rollout_kiosks WHERE rollout_id = @id ORDER BY stage, kiosk_id;",
            transaction, cancellationToken, ("@id", id));

    private static RolloutPlan.Member Plan(MemberRow row) => new(row.KioskId, (int)row.Stage, ParseStep(row.Step), row.UpdatedAt);

    private static Rollout View(RolloutRow row, List<MemberRow> members)
    {
        var stages = JsonSerializer.Deserialize<List<string>>(row.Stages) ?? [];
        var progress = stages.Select((target, i) =>
        {
            var of = members.Where(m => m.Stage == i).Select(m => ParseStep(m.Step)).ToList();
            return new RolloutStageProgress(i, target, of.Count, of.Count(s => s is null), of.Count(RolloutPlan.InFlight), of.Count(s => s == UpdateStep.Healthy), of.Count(RolloutPlan.Failed));
        }).ToList();
        return new Rollout(row.Id, row.BuildSha256, row.Version, stages, (int)row.MaxAtOnce, (int)row.FailureLimit, Parse(row.State), row.CreatedAt, row.CreatedBy, row.UpdatedAt,
            progress, members.Select(m => new RolloutKiosk(m.KioskId, (int)m.Stage, ParseStep(m.Step), m.Detail, m.UpdatedAt)).ToList())
        {
            StageWaitMinutes = (int)row.StageWaitMinutes,
            StageOpensAt = Parse(row.State) is RolloutState.Active or RolloutState.Paused ? RolloutPlan.StageOpensAt(members.Select(Plan).ToList(), row.StageWait) : null,
        };
    }

    public static string Name(RolloutState state) => state.ToString().ToLowerInvariant();
    private static RolloutState Parse(string state) => Enum.Parse<RolloutState>(state, ignoreCase: true);
    private static UpdateStep? ParseStep(string? step) => step is null ? null : Enum.Parse<UpdateStep>(step);
    private static string Stamp(DateTimeOffset value) => value.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private sealed class KioskRow
    {
        public string Id { get; init; } = "";
        public string StationId { get; init; } = "";
        public string PlaceId { get; init; } = "";
    }

    private sealed class RolloutRow
    {
        public long Id { get; init; }
        public string BuildSha256 { get; init; } = "";
        public string Version { get; init; } = "";
        public long Size { get; init; }
        public string Signature { get; init; } = "";
        public string Stages { get; init; } = "[]";
        public long MaxAtOnce { get; init; }
        public long FailureLimit { get; init; }
        public long StageWaitMinutes { get; init; }
        public TimeSpan StageWait => TimeSpan.FromMinutes(StageWaitMinutes);
        public string State { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
        public string CreatedBy { get; init; } = "";
        public DateTimeOffset UpdatedAt { get; init; }
    }

    private sealed class OpenRolloutRow
    {
        public long Id { get; init; }
        public string BuildSha256 { get; init; } = "";
        public string Stages { get; init; } = "[]";
        public string State { get; init; } = "";
    }

    private sealed class MemberRow
    {
        public string KioskId { get; init; } = "";
        public long Stage { get; init; }
        public string? Step { get; set; }
        public string? Detail { get; init; }
        public DateTimeOffset? UpdatedAt { get; init; }
    }

    private sealed class LatestRow
    {
        public string KioskId { get; init; } = "";
        public string? Step { get; init; }
        public string? Detail { get; init; }
        public string Version { get; init; } = "";
    }
}
