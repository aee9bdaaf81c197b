using SignageKiosk.Controller.Settings;
using Microsoft.AspNetCore.Antiforgery;
using SignageKiosk.Controller.Places;
using SignageKiosk.Controller.Web;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Places;
using SignageKiosk.Shared.Reports;

namespace SignageKiosk.Controller.Reports;

/// <summary>
/// Residents' side of issue 15 on the controller: the look-up and rating stores the kiosk hub uses, the limits, and the
/// public phone page a kiosk's QR code opens — GET/POST /r/{kioskId} (report) and GET/POST /r/status (progress and
/// rating). Public, no sign-in, antiforgery on every form, not part of the API document (docs/decisions/0030).
/// </summary>
public static class PhoneReportEndpoints
{
    public static IServiceCollection AddResidentVoice(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCheckedOptions<ReportLimits>(configuration, ReportLimits.Section, o => o.Problem());
        services.AddSingleton<ReportLimitStore>();
        services.AddSingleton<ReportStatusStore>();
        services.AddSingleton<ReportLookupThrottle>();
        return services;
    }

    public static void MapPhoneReportEndpoints(this IEndpointRouteBuilder app)
    {
        // The literal "status" wins over {kioskId} in routing, so these two never meet.
        app.MapGet("/r/status", async (string? reference, bool? rated, HttpContext http, IAntiforgery antiforgery, ReportStatusStore statuses,
            ReportLookupThrottle throttle, CancellationToken cancellationToken) =>
        {
            if (!throttle.TryAcquire(http))
            {
                return TooManyLookUps(http);
            }
            var found = ReportReference.Parse(reference) is { } parsed ? await statuses.FindAsync(parsed, null, cancellationToken) : null;
            if (found is null)
            {
                return NotFoundReference(http);
            }
            var token = antiforgery.GetAndStoreTokens(http).RequestToken!;
            return PhoneReportPage.Result(http, PhoneReportPage.Status(found, token, http.CspNonce(), rated == true && found.Rating is not null ? "感谢您的评价！" : null));
        }).AllowAnonymous().ExcludeFromDescription();

        app.MapPost("/r/status", async (HttpContext http, IAntiforgery antiforgery, ReportStatusStore statuses, ReportLookupThrottle throttle,
            ILogger<ReportStatusStore> logger, CancellationToken cancellationToken) =>
        {
            if (!throttle.TryAcquire(http))
            {
                return TooManyLookUps(http);
            }
            if (await FormAsync(http, antiforgery, cancellationToken) is not { } form)
            {
                var back = http.Request.HasFormContentType ? (await http.Request.ReadFormAsync(cancellationToken))["reference"].ToString() : "";
                return Expired(http, PhoneReportPage.StatusUrl(ReportReference.Parse(back) ?? ""));
            }
            if (ReportReference.Parse(form["reference"]) is not { } reference || await statuses.FindAsync(reference, null, cancellationToken) is not { } status)
            {
                return NotFoundReference(http);
            }
            var rating = ReportRatings.Parse(form["rating"]);
            if (rating is null)
            {
                return StatusWith(http, antiforgery, status, "请选择满意、基本满意或不满意", StatusCodes.Status400BadRequest);
            }
            var rated = await statuses.RateAsync(reference, null, rating.Value, "phone", cancellationToken);
            if (rated.Refusal is { } refusal)
            {
                return StatusWith(http, antiforgery, await statuses.FindAsync(reference, null, cancellationToken) ?? status, refusal, StatusCodes.Status409Conflict);
            }
            logger.LogInformation("Report {Reference} rated {Rating} on the phone page", reference, rating);
            // Post, then redirect: a reload shows the page, it does not post the rating again.
            return Results.Redirect(PhoneReportPage.StatusUrl(reference) + "&rated=true");
        }).AllowAnonymous().ExcludeFromDescription();

        app.MapGet("/r/{kioskId}", async (string kioskId, string? category, HttpContext http, IAntiforgery antiforgery, KioskDirectory directory,
            StructureStore structure, CancellationToken cancellationToken) =>
        {
            if (await WhereAsync(kioskId, directory, structure, cancellationToken) is not { } where)
            {
                return UnknownKiosk(http);
            }
            if (!ReportCategories.TryParse(category, out var chosen))
            {
                return PhoneReportPage.Result(http, PhoneReportPage.Categories(kioskId, where.StationName, where.Buildings.Count > 0, http.CspNonce()));
            }
            // The key is made once per form served: a double tap or a reload of the answer posts it again and stores one report.
            var form = new PhoneReportForm(kioskId, where.StationName, where.Buildings, chosen, Guid.NewGuid().ToString());
            return PhoneReportPage.Result(http, PhoneReportPage.Form(form, antiforgery.GetAndStoreTokens(http).RequestToken!, http.CspNonce()));
        }).AllowAnonymous().ExcludeFromDescription();

        app.MapPost("/r/{kioskId}", async (string kioskId, HttpContext http, IAntiforgery antiforgery, KioskDirectory directory, StructureStore structure,
            ReportStore reports, ReportLimitStore limits, TimeProvider time, ILogger<ReportStore> logger, CancellationToken cancellationToken) =>
        {
            if (await WhereAsync(kioskId, directory, structure, cancellationToken) is not { } where)
            {
                return UnknownKiosk(http);
            }
            if (await FormAsync(http, antiforgery, cancellationToken) is not { } fields)
            {
                return Expired(http, "/r/" + Uri.EscapeDataString(kioskId));
            }
            if (!ReportCategories.TryParse(fields["category"], out var category))
            {
                return PhoneReportPage.Result(http, PhoneReportPage.Categories(kioskId, where.StationName, where.Buildings.Count > 0, http.CspNonce()),
                    StatusCodes.Status400BadRequest);
            }
            var buildingId = fields["building"].ToString();
            var unit = fields["unit-" + buildingId].ToString();
            var report = ReportRules.Normalised(new ResidentReport
            {
                IdempotencyKey = fields["key"].ToString(),
                Category = category,
                BuildingId = buildingId,
                UnitId = string.IsNullOrEmpty(unit) ? null : unit,
                Phrases = [.. fields["phrase"].Where(p => p is not null).Select(p => p!)],
                Phone = fields["phone"].ToString(),
                CreatedAt = time.GetUtcNow(),
            });
            var address = Auth.SignInThrottle.AddressKey(http.Connection.RemoteIpAddress);
            IResult Refused(string why, int status) => PhoneReportPage.Result(http, PhoneReportPage.Form(
                new PhoneReportForm(kioskId, where.StationName, where.Buildings, category,
                    Guid.TryParse(report.IdempotencyKey, out _) ? report.IdempotencyKey : Guid.NewGuid().ToString(),
                    why, buildingId, report.UnitId, report.Phrases, report.Phone is not null),
                antiforgery.GetAndStoreTokens(http).RequestToken!, http.CspNonce()), status);

            if (ReportRules.Problem(report, time.GetUtcNow()) is { } problem)
            {
                return Refused(problem, StatusCodes.Status400BadRequest);
            }
            if (!await limits.IsStoredAsync(kioskId, report.IdempotencyKey, cancellationToken)
                && await limits.RefusalAsync(kioskId, ReportLimitStore.FromPhone, report, address, cancellationToken) is { } limited)
            {
                logger.LogWarning("Phone page of kiosk {KioskId}: a report from {Address} was refused by the limits: {Refusal}", kioskId, address, limited);
                return Refused(limited, StatusCodes.Status429TooManyRequests);
            }
            var outcome = await reports.SubmitAsync(kioskId, where.PlaceId, report, cancellationToken, ReportLimitStore.FromPhone, address);
            if (outcome.Refusal is { } refusal)
            {
                return Refused(refusal, StatusCodes.Status400BadRequest);
            }
            logger.LogInformation("Phone page of kiosk {KioskId}: report {Reference}", kioskId, outcome.Receipt!.Reference);
            return PhoneReportPage.Result(http, PhoneReportPage.Receipt(where.StationName, kioskId, outcome.Receipt!, report.Phone, http.CspNonce()));
        }).AllowAnonymous().ExcludeFromDescription();
    }

    private sealed record KioskPlace(string PlaceId, string? StationName, IReadOnlyList<PhoneBuilding> Buildings);

    /// <summary>The kiosk's own place, its station's name, and the buildings at or under that place with their units.</summary>
    private static async Task<KioskPlace?> WhereAsync(string kioskId, KioskDirectory directory, StructureStore structure, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(kioskId) || kioskId.Length > ContentValidator.MaxIdLength
            || await directory.PlacementAsync(kioskId, cancellationToken) is not { Chain.Count: > 0 } placement)
        {
            return null;
        }
        var placeId = placement.Chain[0];
        // The buildings and units at or under the kiosk's place only, not the city's every place.
        var places = await structure.SubtreeAsync(placeId, [PlaceKind.Building, PlaceKind.Unit], cancellationToken);
        var buildings = places
            .Where(p => p.Kind == PlaceKind.Building)
            .OrderBy(p => p.Order).ThenBy(p => p.Name, StringComparer.Ordinal)
            .Select(b => new PhoneBuilding(b.Id, b.Name, [.. places.Where(u => u.Kind == PlaceKind.Unit && u.ParentId == b.Id)
                .OrderBy(u => u.Order).ThenBy(u => u.Name, StringComparer.Ordinal).Select(u => (u.Id, u.Name))]))
            .ToList();
        var station = await structure.GetAsync<Station>("stations", placement.StationId, cancellationToken);
        return new KioskPlace(placeId, station?.Name, buildings);
    }

    /// <summary>The posted form, or null when its antiforgery token is missing or stale (nothing is read or stored then).</summary>
    private static async Task<IFormCollection?> FormAsync(HttpContext http, IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        if (!http.Request.HasFormContentType)
        {
            return null;
        }
        try
        {
            await antiforgery.ValidateRequestAsync(http);
        }
        catch (AntiforgeryValidationException)
        {
            return null;
        }
        return await http.Request.ReadFormAsync(cancellationToken);
    }

    private static IResult StatusWith(HttpContext http, IAntiforgery antiforgery, ReportStatus status, string error, int code) =>
        PhoneReportPage.Result(http, PhoneReportPage.Status(status, antiforgery.GetAndStoreTokens(http).RequestToken!, http.CspNonce(), error: error), code);

    private static IResult UnknownKiosk(HttpContext http) =>
        PhoneReportPage.MessageResult(http, StatusCodes.Status404NotFound, "找不到这块屏", "这个二维码对应的屏幕不存在或已停用。请扫描驿站屏幕上最新的二维码，或到驿站当面反映。");

    private static IResult NotFoundReference(HttpContext http) =>
        PhoneReportPage.MessageResult(http, StatusCodes.Status404NotFound, "没有找到这个反映编号", "请核对编号（例如 R20261205-0042）后再试，或到驿站询问。");

    private static IResult TooManyLookUps(HttpContext http) =>
        PhoneReportPage.MessageResult(http, StatusCodes.Status429TooManyRequests, "查询太频繁", "同一网络一小时内查询次数已达上限，请稍后再试，或到驿站的屏幕上查询。");

    private static IResult Expired(HttpContext http, string back) =>
        PhoneReportPage.MessageResult(http, StatusCodes.Status400BadRequest, "页面已过期", "为了安全，请返回重新打开页面后再提交。", back);
}
