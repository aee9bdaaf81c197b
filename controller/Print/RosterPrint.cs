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

/// <summary>A rendered file and how to send it.</summary>
public sealed record PrintFile(byte[] Bytes, string ContentType, string FileName);

/// <summary>
/// The printed 楼栋公示 of one building, for staff: the roster entries and people the caller may read (the same
/// scope as GET /api/roster and /api/people), evaluated as a board does and drawn by <see cref="RosterPrintRenderer"/>.
/// Phones are masked unless public whoever prints: the sheet goes on a lobby wall.
/// </summary>
public sealed class RosterPrint(ContentStore content, StructureStore structure, RosterPrintRenderer renderer, TimeProvider time, ILogger<RosterPrint> logger)
{
    public async Task<PrintFile> RenderAsync(ClaimsPrincipal caller, string buildingId, string? format, int? page, CancellationToken cancellationToken)
    {
        format = PrintFormat.Parse(format, page);
        // The building's chain (scope, place line) and later the units its roster names: not the city's every place.
        var byId = (await structure.ChainAsync(buildingId, cancellationToken)).ToDictionary(p => p.Id);
        var role = PrintScope.Role(caller);
        if (!byId.TryGetValue(buildingId, out var building) || building.Kind != PlaceKind.Building
            || !PrintScope.Covers(caller, role, building, byId))
        {
            throw ApiException.NotFound("楼栋不存在或不在您的管理范围内");
        }

        var entries = (await content.ListAsync(ContentKind.RosterEntry, caller, cancellationToken)).Select(s => (RosterEntry)s.Item).Where(e => e.BuildingId == building.Id).ToList();
        var people = (await content.ListAsync(ContentKind.Person, caller, cancellationToken)).Select(s => (Person)s.Item).ToList();
        var units = await structure.PlacesAsync([.. entries.Select(e => e.UnitId).OfType<string>().Where(u => u != building.Id).Distinct(StringComparer.Ordinal)], cancellationToken);
        var now = time.GetUtcNow();
        var view = BoardView.Evaluate(new BoardContent
        {
            // The view lists every building it is given and orders a building's rows by their units.
            Places = [building, .. units],
            People = people,
            Roster = entries,
            // Photos are not printed; every person counts as shown.
            VerifiedMedia = people.SelectMany(p => p.Media()).Select(m => m.Sha256).ToHashSet(StringComparer.Ordinal),
        }, now);
        var roster = view.Buildings.Single(b => b.Building.Id == building.Id);
        var above = PlaceChain.Ancestry(building.Id, id => byId.GetValueOrDefault(id)).Skip(1)
            .Select(id => byId[id]).Where(p => p.Kind is PlaceKind.Community or PlaceKind.Compound).Reverse().Select(p => p.Name);
        var request = new RosterPrintRequest
        {
            Building = roster,
            PlaceLine = string.Join(" · ", above),
            PrintedOn = DateOnly.FromDateTime(new StationClock(null).ToLocal(now)),
        };

        var file = PrintFormat.Render(format, page, $"{building.Name}-楼栋公示",
            output => renderer.RenderPdf(request, output), () => renderer.CountPages(request), (p, output) => renderer.RenderPng(request, p, 300, output));
        logger.LogInformation("Printed the roster of {BuildingId} as {Format}: {Bytes} bytes", building.Id, format, file.Bytes.Length);
        return file;
    }
}
