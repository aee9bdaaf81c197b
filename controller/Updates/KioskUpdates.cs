using System.Security.Claims;
using System.Text.Json;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Audit;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Shared.Updates;

namespace SignageKiosk.Controller.Updates;

/// <summary>
/// What an administrator does with builds and rollouts, the same from the API and from the updates page: the checks,
/// the stores and the audit log in one place.
/// </summary>
public sealed class KioskUpdates(BuildStore builds, RolloutStore rollouts, UpdateOffers offers, AuditLog audit, TimeProvider time)
{
    /// <summary>Stores a signed bundle (or finds it stored already) and records a new one in the audit log.</summary>
    public async Task<(KioskBuild Build, bool Created)> UploadAsync(ClaimsPrincipal user, string? address, Stream bundle, byte[] signature, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (build, created) = await builds.SaveAsync(bundle, signature, user.Actor(), now, cancellationToken);
        if (created)
        {
            await audit.RecordAsync(user.Actor(), address, "upload", "kiosk-builds", build.Sha256, null,
                JsonSerializer.Serialize(new { build.Version, build.Size }), now, cancellationToken);
        }
        return (build, created);
    }

    /// <summary>Removes a build's bytes (its record stays); 404 for no such build, 409 while a rollout offers it.</summary>
    public async Task<KioskBuild> RemoveAsync(ClaimsPrincipal user, string? address, string sha256, CancellationToken cancellationToken)
    {
        var removed = (BuildBundle.IsSha256(sha256) ? await builds.RemoveAsync(sha256, async (connection, transaction) =>
            {
                if (await rollouts.OpenAsync(connection, transaction, cancellationToken) is { } open && open.BuildSha256 == sha256)
                {
                    // Kiosks may be downloading it.
                    throw ApiException.Conflict($"发布 {open.Id} 还在使用这个安装包，不能删除 (rollout {open.Id} still offers this build: let it finish first)");
                }
            }, cancellationToken) : null)
            ?? throw ApiException.NotFound($"没有安装包 {sha256} (build {sha256} does not exist)");
        await audit.RecordAsync(user.Actor(), address, "remove", "kiosk-builds", removed.Sha256,
            JsonSerializer.Serialize(new { removed.Version, removed.Size }), null, time.GetUtcNow(), cancellationToken);
        return removed;
    }

    /// <summary>Makes a rollout and offers the build to the kiosks due now; its id.</summary>
    public async Task<long> StartRolloutAsync(ClaimsPrincipal user, string? address, RolloutRequest request, CancellationToken cancellationToken)
    {
        if (!BuildBundle.IsSha256(request.Build))
        {
            throw ApiException.BadRequest("build 须为安装包的 SHA-256（64 位小写十六进制）(build must be the build's SHA-256, 64 lower-case hex digits)", "build");
        }
        var stages = request.Stages?.Select(s => s?.Trim() ?? "").ToList();
        if (RolloutPlan.Problem(stages, request.MaxAtOnce, request.FailureLimit, request.StageWaitMinutes) is { } problem)
        {
            string[] fields = ["maxAtOnce", "failureLimit", "stageWaitMinutes"];
            throw ApiException.BadRequest("发布设置有误 (the rollout's settings are wrong): " + problem,
                fields.FirstOrDefault(f => problem.StartsWith(f, StringComparison.Ordinal)) ?? "stages");
        }
        var id = await rollouts.CreateAsync(request.Build!, () => builds.IsStored(request.Build!), stages!, request.MaxAtOnce, request.FailureLimit, request.StageWaitMinutes, user.Actor(), address, time.GetUtcNow(), cancellationToken);
        offers.PushSoon();
        return id;
    }
}
