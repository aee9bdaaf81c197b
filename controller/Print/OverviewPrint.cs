using System.Security.Claims;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Content;
using SignageKiosk.Controller.Places;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Places;
using SignageKiosk.Shared.Print;
using SignageKiosk.Shared.Roster;

namespace SignageKiosk.Controller.Print;

/// <summary>
/// The printed 包栋联户 overview of a compound: every building under it with the roster entries and people the
/// caller may read (as GET /api/roster and /api/people, and as the roster print), evaluated as a board does.
/// </summary>
public sealed class OverviewPrint(ContentStore content, StructureStore structure, OverviewPrintRenderer renderer, TimeProvider time, ILogger<OverviewPrint> logger)
{
    public async Task<PrintFile> RenderAsync(ClaimsPrincipal caller, string compoundId, string? format, int? page, CancellationToken cancellationToken)
    {
        format = PrintFormat.Parse(format, page);
        var role = PrintScope.Role(caller);
        // The compound's chain (scope, place line) and its subtree (buildings, units): not the city's every place.
        var byId = (await structure.ChainAsync(compoundId, cancellationToken)).ToDictionary(p => p.Id);
        if (!byId.TryGetValue(compoundId, out var compound) || compound.Kind != PlaceKind.Compound
            || !PrintScope.Covers(caller, role, compound, byId))
        {
            throw ApiException.NotFound("小区不存在或不在您的管理范围内");
        }
        var places = await structure.SubtreeAsync(compound.Id, [], cancellationToken);
        var buildings = places.Where(p => p.Kind == PlaceKind.Building && p.ParentId == compound.Id).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        // The compound's buildings and their units only: the view lists every building it is given.
        var mine = places.Where(p => p.Id == compound.Id || buildings.Contains(p.Id) || (p.Kind == PlaceKind.Unit && p.ParentId is { } b && buildings.Contains(b))).ToList();
        var entries = (await content.ListAsync(ContentKind.RosterEntry, caller, cancellationToken)).Select(s => (RosterEntry)s.Item).Where(e => buildings.Contains(e.BuildingId)).ToList();
        var people = (await content.ListAsync(ContentKind.Person, caller, cancellationToken)).Select(s => (Person)s.Item).ToList();
        var station = (await structure.StationsAtAsync([compound.Id], cancellationToken)).FirstOrDefault();
        var now = time.GetUtcNow();
        var view = BoardView.Evaluate(new BoardContent
        {
            Places = mine,
            People = people,
            Roster = entries,
            // Photos are not printed; every person counts as shown.
            VerifiedMedia = people.SelectMany(p => p.Media()).Select(m => m.Sha256).ToHashSet(StringComparer.Ordinal),
        }, now);
        var request = new OverviewPrintRequest
        {
            CompoundName = compound.Name,
            PlaceLine = string.Join(" · ", PlaceChain.Ancestry(compound.Id, id => byId.GetValueOrDefault(id)).Skip(1)
                .Select(id => byId[id]).Where(p => p.Kind == PlaceKind.Community).Reverse().Select(p => p.Name)),
            StationName = station?.Name,
            Buildings = view.Buildings,
            PrintedOn = DateOnly.FromDateTime(new StationClock(station?.TimeZone).ToLocal(now)),
        };
        var file = PrintFormat.Render(format, page, $"{compound.Name}-包栋联户一览",
            output => renderer.RenderPdf(request, output), () => renderer.CountPages(request), (p, output) => renderer.RenderPng(request, p, 300, output));
        logger.LogInformation("Printed the overview of {CompoundId} as {Format}: {Buildings} building(s), {Bytes} bytes", compound.Id, format, request.Buildings.Count, file.Bytes.Length);
        return file;
    }
}
