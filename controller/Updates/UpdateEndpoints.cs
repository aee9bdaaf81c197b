using Microsoft.AspNetCore.Http.Features;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Audit;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Media;
using SignageKiosk.Shared.Updates;

namespace SignageKiosk.Controller.Updates;

/// <summary>The body of POST /api/updates/rollouts.</summary>
public sealed record RolloutRequest
{
    /// <summary>The build's SHA-256 (as the upload answered).</summary>
    public string? Build { get; init; }
    /// <summary>Places, stations or kiosks in order, "*" (everything) only last: e.g. ["station-test", "community-1", "*"].</summary>
    public List<string>? Stages { get; init; }
    /// <summary>At most this many kiosks on their way (offered, downloading, installing) at once. Default 1.</summary>
    public int MaxAtOnce { get; init; } = 1;
    /// <summary>This many rollbacks or refusals stop the rollout. Default 1: the first one.</summary>
    public int FailureLimit { get; init; } = 1;
    /// <summary>Minutes to wait after a stage's last kiosk reported healthy before the next stage begins. Default 0: at once.</summary>
    public int StageWaitMinutes { get; init; }
}

/// <summary>
/// /api/updates: signed kiosk builds and their rollouts (decision 0051). Administrators only; kiosks download a build
/// they were offered, by its hash, resumable.
/// </summary>
public static class UpdateEndpoints
{
    public const string SignatureHeader = "X-Build-Signature";
    public const int ListLimit = 50;

    public static void MapUpdateEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/updates").RequireAuthorization(AuthPolicies.Admin);

        // The bundle as the body (application/gzip), its detached signature base64 in X-Build-Signature.
        admin.MapPost("/builds", async (HttpContext http, KioskUpdates updates, Microsoft.Extensions.Options.IOptions<UpdateOptions> options, CancellationToken ct) =>
        {
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = options.Value.MaxBuildBytes + 1;
            }
            var type = http.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
            if (type is not ("application/gzip" or "application/x-gzip" or "application/octet-stream"))
            {
                throw new ApiException(StatusCodes.Status415UnsupportedMediaType, "请以 application/gzip 上传 .tar.gz 安装包 (send the .tar.gz build as application/gzip)", "contentType");
            }
            var signature = Signature(http.Request.Headers[SignatureHeader].ToString());
            var (build, created) = await updates.UploadAsync(http.User, http.Connection.RemoteIpAddress?.ToString(), http.Request.Body, signature, ct);
            return created ? Results.Created($"/api/updates/builds/{build.Sha256}", build) : Results.Ok(build);
        }).WithName("UploadKioskBuild").FileBody(["application/gzip", "application/x-gzip", "application/octet-stream"]).Produces<KioskBuild>(StatusCodes.Status201Created).Produces<KioskBuild>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity).WithSummary("Uploads a signed kiosk build (.tar.gz as the body, its signature base64 in X-Build-Signature)");

        admin.MapGet("/builds", async (BuildStore builds, CancellationToken ct) => Results.Ok(await builds.ListAsync(ct)))
            .WithName("ListKioskBuilds").Produces<List<KioskBuild>>(StatusCodes.Status200OK);

        admin.MapDelete("/builds/{sha256}", async (string sha256, HttpContext http, KioskUpdates updates, CancellationToken ct) =>
            Results.Ok(await updates.RemoveAsync(http.User, http.Connection.RemoteIpAddress?.ToString(), sha256, ct)))
            .WithName("RemoveKioskBuild").Produces<KioskBuild>(StatusCodes.Status200OK).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Removes a build's bundle from the controller (its record stays for the rollouts and versions that name it); upload the same file to bring it back");

        admin.MapPost("/rollouts", async (HttpContext http, KioskUpdates updates, RolloutStore rollouts, CancellationToken ct) =>
        {
            var request = await RequestBody.ReadAsync<RolloutRequest>(http, ct);
            var id = await updates.StartRolloutAsync(http.User, http.Connection.RemoteIpAddress?.ToString(), request, ct);
            return Results.Created($"/api/updates/rollouts/{id}", await rollouts.GetAsync(id, ct));
        }).WithName("CreateRollout").JsonBody(typeof(RolloutRequest)).Produces<Rollout>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithDescription("Body: { build (SHA-256), stages (place, station or kiosk ids in order; \"*\" only last), maxAtOnce (default 1), failureLimit (default 1), stageWaitMinutes (default 0) }.");

        admin.MapGet("/rollouts", async (RolloutStore rollouts, CancellationToken ct) => Results.Ok(await rollouts.ListAsync(ListLimit, ct)))
            .WithName("ListRollouts").Produces<List<Rollout>>(StatusCodes.Status200OK);

        admin.MapGet("/rollouts/{id:long}", async (long id, RolloutStore rollouts, CancellationToken ct) =>
            await rollouts.GetAsync(id, ct) is { } rollout ? Results.Ok(rollout) : throw ApiException.NotFound($"没有发布 {id} (no rollout {id})"))
            .WithName("GetRollout").Produces<Rollout>(StatusCodes.Status200OK).ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapPost("/rollouts/{id:long}/pause", (long id, HttpContext http, RolloutStore rollouts, UpdateOffers offers, TimeProvider time, CancellationToken ct) =>
            ChangeAsync(id, RolloutState.Active, RolloutState.Paused, http, rollouts, offers, time, ct)).WithName("PauseRollout")
            .Produces<Rollout>(StatusCodes.Status200OK).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapPost("/rollouts/{id:long}/resume", (long id, HttpContext http, RolloutStore rollouts, UpdateOffers offers, TimeProvider time, CancellationToken ct) =>
            ChangeAsync(id, RolloutState.Paused, RolloutState.Active, http, rollouts, offers, time, ct)).WithName("ResumeRollout")
            .Produces<Rollout>(StatusCodes.Status200OK).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        // A kiosk fetches a build it was offered; staff may fetch any. Range requests resume a broken download.
        app.MapGet("/api/updates/builds/{sha256}", async (string sha256, HttpContext http, BuildStore builds, RolloutStore rollouts, CancellationToken ct) =>
        {
            var build = BuildBundle.IsSha256(sha256) ? await builds.FindAsync(sha256, ct) : null;
            var allowed = http.User.KioskId() is { } kioskId
                ? build is not null && await rollouts.WasOfferedAsync(kioskId, sha256, ct)
                : http.User.StaffRole() == StaffRole.Admin;
            if (!allowed && http.User.KioskId() is null)
            {
                throw ApiException.Forbidden("只有管理员可以下载安装包 (only administrators may download builds)");
            }
            return build is null || !allowed || !build.Stored
                ? ApiProblem.Result(StatusCodes.Status404NotFound, $"没有安装包 {sha256} (build {sha256} does not exist)")
                : Results.File(builds.PathOf(sha256), "application/gzip", enableRangeProcessing: true);
        }).RequireAuthorization(MediaEndpoints.StaffOrKiosk).WithName("DownloadKioskBuild")
            .FileAnswer("application/gzip").ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
    }

    public static async Task<IResult> ChangeAsync(long id, RolloutState from, RolloutState to, HttpContext http, RolloutStore rollouts, UpdateOffers offers, TimeProvider time, CancellationToken ct)
    {
        if (await rollouts.GetAsync(id, ct) is null)
        {
            throw ApiException.NotFound($"没有发布 {id} (no rollout {id})");
        }
        if (!await rollouts.SetStateAsync(id, from, to, http.User.Actor(), http.Connection.RemoteIpAddress?.ToString(), time.GetUtcNow(), ct))
        {
            throw ApiException.Conflict(to == RolloutState.Paused
                ? $"发布 {id} 不在进行中，无法暂停 (rollout {id} is not active, so it cannot be paused)"
                : $"发布 {id} 没有暂停，无法继续 (rollout {id} is not paused, so it cannot be resumed)");
        }
        if (to == RolloutState.Active)
        {
            offers.PushSoon();
        }
        return Results.Ok(await rollouts.GetAsync(id, ct));
    }

    private static byte[] Signature(string header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            throw ApiException.BadRequest($"请在 {SignatureHeader} 中附上签名（base64）(send the build's signature, base64, in {SignatureHeader})", SignatureHeader);
        }
        try
        {
            var bytes = Convert.FromBase64String(header.Trim());
            return bytes.Length is > 0 and <= 256 ? bytes : throw new FormatException("length");
        }
        catch (FormatException)
        {
            throw ApiException.BadRequest($"{SignatureHeader} 不是有效的 base64 签名 ({SignatureHeader} is not a base64 signature)", SignatureHeader);
        }
    }
}
