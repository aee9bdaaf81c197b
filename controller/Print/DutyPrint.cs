using System.Globalization;
using System.Security.Claims;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Content;
using SignageKiosk.Controller.Places;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Duty;
using SignageKiosk.Shared.Holidays;
using SignageKiosk.Shared.Places;
using SignageKiosk.Shared.Print;
using SignageKiosk.Shared.Roster;

namespace SignageKiosk.Controller.Print;

/// <summary>
/// The printed 值班表 of one week for a station, or for a community or compound: the shifts a board there shows
/// (targeted at the place or any place above it), as far as the caller may read them (GET /api/duty-shifts),
/// evaluated by <see cref="DutyWeek"/> in the station's time zone. A place outside the caller's area looks absent.
/// </summary>
public sealed class DutyPrint(ContentStore content, StructureStore structure, DutyPrintRenderer renderer, TimeProvider time, ILogger<DutyPrint> logger)
{
    public async Task<PrintFile> RenderAsync(ClaimsPrincipal caller, string placeId, string? week, string? format, int? page, CancellationToken cancellationToken)
    {
        format = PrintFormat.Parse(format, page);
        DateOnly? chosen = null;
        if (!string.IsNullOrEmpty(week))
        {
            if (!DateOnly.TryParseExact(week, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) || day.Year is < 2000 or > 2100)
            {
                throw ApiException.BadRequest("week 应为 2000 至 2100 年间的日期，格式 YYYY-MM-DD（该日所在的一周，周一至周日）", "week");
            }
            chosen = day;
        }
        var role = PrintScope.Role(caller);
        // The station (when one is named), its place's chain and the stations at that place: not the city's every one.
        var station = await structure.GetAsync<Station>("stations", placeId, cancellationToken);
        var byId = (await structure.ChainAsync(station?.PlaceId ?? placeId, cancellationToken)).ToDictionary(p => p.Id);
        var place = byId.GetValueOrDefault(station?.PlaceId ?? placeId);
        if (place is null || (station is null && place.Kind is not (PlaceKind.Community or PlaceKind.Compound))
            || !PrintScope.Covers(caller, role, place, byId))
        {
            throw ApiException.NotFound("驿站或地点不存在或不在您的管理范围内");
        }
        station ??= (await structure.StationsAtAsync([place.Id], cancellationToken)).FirstOrDefault();
        var clock = new StationClock(station?.TimeZone);
        var chain = PlaceChain.Ancestry(place.Id, id => byId.GetValueOrDefault(id)).ToHashSet(StringComparer.Ordinal);
        bool Here(ContentItem item) => item.Target.PlaceId is { } target && chain.Contains(target);

        var shifts = (await content.ListAsync(ContentKind.DutyShift, caller, cancellationToken)).Select(s => (DutyShift)s.Item).Where(Here).ToList();
        var holidays = (await content.ListAsync(ContentKind.Holiday, caller, cancellationToken)).Select(s => (Holiday)s.Item).Where(Here).ToList();
        var people = (await content.ListAsync(ContentKind.Person, caller, cancellationToken)).Select(s => (Person)s.Item).ToDictionary(p => p.Id, StringComparer.Ordinal);
        var today = DateOnly.FromDateTime(clock.ToLocal(time.GetUtcNow()));
        var monday = DutyWeek.MondayOf(chosen ?? today);
        var request = new DutyPrintRequest
        {
            Name = station?.Name ?? place.Name,
            PlaceLine = string.Join(" · ", PlaceChain.Ancestry(place.Id, id => byId.GetValueOrDefault(id))
                .Select(id => byId[id]).Where(p => p.Kind is PlaceKind.Community or PlaceKind.Compound).Reverse().Select(p => p.Name)),
            Days = DutyWeek.Evaluate(monday, shifts, holidays, clock),
            TimeZone = clock.Zone.Id,
            People = people,
            PrintedOn = today,
        };
        var file = PrintFormat.Render(format, page, $"{request.Name}-值班表-{monday:yyyy-MM-dd}",
            output => renderer.RenderPdf(request, output), () => renderer.CountPages(request), (p, output) => renderer.RenderPng(request, p, 300, output));
        logger.LogInformation("Printed the duty week {Monday} of {PlaceId} as {Format}: {Shifts} shift(s), {Bytes} bytes",
            monday, placeId, format, request.Days.Sum(d => d.Shifts.Count), file.Bytes.Length);
        return file;
    }
}
