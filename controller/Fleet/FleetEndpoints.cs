using Microsoft.AspNetCore.Http.Features;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Api.Paging;
using SignageKiosk.Controller.Audit;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Pairing;
using SignageKiosk.Shared.Fleet;

namespace SignageKiosk.Controller.Fleet;

/// <summary>
/// /api/fleet: the state of every screen for staff (scoped like the content lists), its history, screenshots on
/// demand; and the two routes kiosks use to report their screen and deliver a screenshot.
/// </summary>
public static class FleetEndpoints
{
    public const int MaxHistoryHours = 7 * 24;

    public static void MapFleetEndpoints(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/api/fleet").RequireAuthorization(AuthPolicies.Staff);

        staff.MapGet("/", ListAsync).WithName("ListFleet")
            .Paged<FleetKiosk>("The kiosks of the caller's area, filtered by community, compound, state and flag; searched by kiosk id, name or station name")
            .WithDescription("Paged: `limit` (1-200, default 50), `cursor` (the previous page's `nextCursor`), `q` (part of a kiosk id, its name or its station's name). "
                + "Filters: `community`, `compound` (place ids), `state` (neverSeen, online, screenOffBySchedule, offline), "
                + "`flag` (clone, lagging, clock, storageFull, attention; `attention` lists the most urgent first). "
                + "Answers `{ items, total, nextCursor, limit }`; `behind` and `latestSeq` are exact for the rows of the page.");

        staff.MapGet("/summary", SummaryAsync).WithName("FleetSummary")
            .WithSummary("The caller's area at a glance: counts by state and flag per community (per compound for one community), the total, and what needs attention now")
            .Produces<FleetSummary>(StatusCodes.Status200OK);

        staff.MapGet("/history", async (HttpContext http, FleetSampler sampler, TimeProvider time, int? hours, CancellationToken ct) =>
        {
            var span = hours ?? 24;
            if (span is < 1 or > MaxHistoryHours)
            {
                throw ApiException.BadRequest($"小时数须在 1 到 {MaxHistoryHours} 之间（记录保留七天） (hours must be between 1 and {MaxHistoryHours}; seven days are kept)", "hours");
            }
            var to = time.GetUtcNow();
            var from = to - TimeSpan.FromHours(span);
            var samples = await sampler.ReadAsync(http.User, FleetHistory.Floor(from, FleetHistory.BucketSize), ct);
            return Results.Ok(new FleetHistoryAnswer(from, to, (int)FleetHistory.BucketSize.TotalMinutes, FleetHistory.Buckets(samples, from, to)));
        })
            .WithName("FleetHistory").Produces<FleetHistoryAnswer>(StatusCodes.Status200OK).ProducesProblem(StatusCodes.Status400BadRequest);

        staff.MapGet("/{kioskId}", async (string kioskId, HttpContext http, FleetQuery fleet, CancellationToken ct) =>
            Results.Ok(await VisibleAsync(fleet, http, kioskId, withSequences: true, ct)))
            .WithName("GetFleetKiosk").Produces<FleetKiosk>(StatusCodes.Status200OK).ProducesProblem(StatusCodes.Status404NotFound);

        staff.MapPost("/{kioskId}/screenshot", async (string kioskId, HttpContext http, FleetQuery fleet, ScreenshotStore screenshots, CancellationToken ct) =>
        {
            await VisibleAsync(fleet, http, kioskId, withSequences: false, ct);
            var request = await screenshots.RequestAsync(kioskId, ct);
            return Results.Accepted(FleetProtocol.Screenshot(kioskId), request);
        })
            .WithName("RequestScreenshot").Produces<ScreenshotStore.Requested>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        staff.MapGet("/{kioskId}/screenshot", async (string kioskId, HttpContext http, FleetQuery fleet, ScreenshotStore screenshots, CancellationToken ct) =>
        {
            await VisibleAsync(fleet, http, kioskId, withSequences: false, ct);
            var latest = await screenshots.LatestAsync(kioskId, ct) ?? throw ApiException.NotFound($"屏幕 {kioskId} 还没有截图，请先用 POST 请求截图 (no screenshot of kiosk {kioskId} yet; ask for one with POST)");
            http.Response.Headers.CacheControl = "no-store";
            http.Response.Headers["X-Screenshot-Request-Id"] = latest.RequestId;
            http.Response.Headers["X-Screenshot-Taken-At"] = latest.TakenAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
            return Results.File(latest.Png, PngFile.ContentType, lastModified: latest.TakenAt);
        })
            .WithName("GetScreenshot").FileAnswer(PngFile.ContentType).ProducesProblem(StatusCodes.Status404NotFound);

        app.MapDelete("/api/fleet/{kioskId}/credential-reuse", async (string kioskId, HttpContext http, CredentialRotation rotation, AuditLog audit, TimeProvider time, CancellationToken ct) =>
        {
            if (!await rotation.ClearFlagAsync(kioskId, ct))
            {
                throw ApiException.NotFound($"屏幕 {kioskId} 没有被标记 (kiosk {kioskId} is not flagged)");
            }
            await audit.RecordAsync(http.User.Actor(), http.Connection.RemoteIpAddress?.ToString(), "clear-reuse-flag", "kiosks", kioskId, time.GetUtcNow(), ct);
            return Results.Ok(new { kioskId, credentialReused = false });
        }).RequireAuthorization(AuthPolicies.Admin)
            .WithName("ClearCredentialReuse").ProducesProblem(StatusCodes.Status404NotFound);

        app.MapPut("/api/fleet/{kioskId}/screenshot", async (string kioskId, string? requestId, HttpContext http, ScreenshotStore screenshots, CancellationToken ct) =>
        {
            if (http.User.KioskId() != kioskId)
            {
                throw ApiException.Forbidden("屏幕只能上传自己的截图 (a kiosk may only send its own screenshot)");
            }
            if (http.Request.ContentType?.Split(';')[0].Trim() != PngFile.ContentType)
            {
                throw new ApiException(StatusCodes.Status415UnsupportedMediaType, "截图请以 PNG 格式（image/png）上传 (send the screenshot as image/png)");
            }
            if (http.Request.ContentLength > FleetProtocol.MaxScreenshotBytes)
            {
                throw new ApiException(StatusCodes.Status413PayloadTooLarge, $"截图最大 {FleetProtocol.MaxScreenshotBytes / (1024 * 1024)} MB (a screenshot may be at most {FleetProtocol.MaxScreenshotBytes / (1024 * 1024)} MB)");
            }
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                // One byte over the limit still reaches the store, which then refuses it with a clear message.
                limit.MaxRequestBodySize = FleetProtocol.MaxScreenshotBytes + 1;
            }
            return Results.Ok(await screenshots.SaveAsync(kioskId, requestId, http.Request.Body, ct));
        }).RequireAuthorization(AuthPolicies.Kiosk)
            .WithName("UploadScreenshot").WithSummary("A kiosk sends the screenshot staff asked for: the PNG as the body, ?requestId= from the request")
            .FileBody([PngFile.ContentType])
            .Produces<ScreenshotStore.Stored>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        app.MapPost(FleetProtocol.Report, async (HttpContext http, FleetReports reports, CancellationToken ct) =>
        {
            var report = await RequestBody.ReadAsync<FleetReport>(http, ct);
            await reports.RecordReportAsync(http.User.KioskId()!, report, ct);
            return Results.NoContent();
        }).RequireAuthorization(AuthPolicies.Kiosk)
            .WithName("ReportKioskState").WithSummary("A kiosk's report of its own state (software, storage, clock)")
            .JsonBody(typeof(FleetReport))
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
    }

    /// <summary>GET /api/fleet: one page of the caller's kiosks.</summary>
    private static async Task<IResult> ListAsync(HttpContext http, FleetQuery fleet, string? community, string? compound, string? state, string? flag,
        int? limit, string? cursor, string? q, CancellationToken ct)
    {
        var query = ListQuery.FromApi(limit, cursor, q);
        var filter = new FleetQuery.Filter(Blank(community), Blank(compound), FleetFilters.ParseState(state), Flag: FleetFilters.ParseFlag(flag));
        return Results.Ok(await fleet.PageAsync(http.User, filter, query, ct));
    }

    /// <summary>GET /api/fleet/summary: counts per community of the caller's area and the kiosks needing attention.</summary>
    private static async Task<IResult> SummaryAsync(HttpContext http, FleetQuery fleet, CancellationToken ct) =>
        Results.Ok(await fleet.SummaryAsync(http.User, ct));

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static async Task<FleetKiosk> VisibleAsync(FleetQuery fleet, HttpContext http, string kioskId, bool withSequences, CancellationToken ct) =>
        (await fleet.ListAsync(http.User, new FleetQuery.Filter(KioskId: kioskId), withSequences, ct)).FirstOrDefault()
            // Out of scope looks the same as absent, as in the content lists.
            ?? throw ApiException.NotFound($"屏幕 {kioskId} 不存在 (kiosks/{kioskId} does not exist)");
}
