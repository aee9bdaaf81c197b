using SignageKiosk.Shared.Duty;
using SignageKiosk.Shared.Places;
using SignageKiosk.Shared.Roster;

namespace SignageKiosk.Shared.Import;

/// <summary>
/// Records as sheets in exactly the import layouts, with the same headers and words (楼栋长, 双报到, 是/否),
/// so an exported file can be edited and imported again.
/// </summary>
public static class ImportExporter
{
    /// <summary>One row per roster entry; entries whose building or person is not given are left out (they are not in this compound).</summary>
    public static ExportSheet Roster(IEnumerable<RosterEntry> entries, IEnumerable<Person> people, IEnumerable<Place> places)
    {
        var peopleById = people.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var placesById = places.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var rows = entries
            .Where(e => peopleById.ContainsKey(e.PersonId) && placesById.ContainsKey(e.BuildingId))
            .Select(e => (Entry: e, Person: peopleById[e.PersonId], Building: placesById[e.BuildingId],
                Unit: e.UnitId is null ? null : placesById.GetValueOrDefault(e.UnitId)))
            .OrderBy(r => r.Building.Order).ThenBy(r => r.Building.Name, StringComparer.Ordinal)
            .ThenBy(r => r.Unit?.Order ?? -1).ThenBy(r => r.Entry.Role).ThenBy(r => r.Person.Name, StringComparer.Ordinal)
            .Select(r => (IReadOnlyList<SheetCell>)
            [
                SheetCell.Of(r.Building.Name),
                // A unit missing from the places given is written by id, which imports back to the same unit.
                SheetCell.Of(r.Unit?.Name ?? r.Entry.UnitId),
                SheetCell.Of(r.Person.Name),
                SheetCell.Of(ImportValues.RoleName(r.Entry.Role)),
                SheetCell.Of(ImportValues.PartyName(r.Person.Party)),
                SheetCell.Of(r.Person.Phone),
                SheetCell.Of(ImportValues.YesNoName(r.Person.PhonePublic)),
                SheetCell.Of(r.Entry.Households),
            ])
            .ToList();
        return new ExportSheet(ImportLayouts.Roster.Title, ImportLayouts.Roster.Headers.ToList(), rows);
    }

    public static ExportSheet People(IEnumerable<Person> people)
    {
        var rows = people.OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Id, StringComparer.Ordinal)
            .Select(p => (IReadOnlyList<SheetCell>)
            [
                SheetCell.Of(p.Name),
                SheetCell.Of(ImportValues.PartyName(p.Party)),
                SheetCell.Of(p.Phone),
                SheetCell.Of(ImportValues.YesNoName(p.PhonePublic)),
                SheetCell.Of(p.Id),
            ])
            .ToList();
        return new ExportSheet(ImportLayouts.People.Title, ImportLayouts.People.Headers.ToList(), rows);
    }

    public static ExportSheet DutyShifts(IEnumerable<DutyShift> shifts)
    {
        var rows = shifts.OrderBy(d => d.Start).ThenBy(d => d.Role, StringComparer.Ordinal).ThenBy(d => d.PersonName, StringComparer.Ordinal)
            .Select(d => (IReadOnlyList<SheetCell>)
            [
                SheetCell.Of(d.PersonName),
                SheetCell.Of(d.Role),
                SheetCell.Of(d.Phone),
                SheetCell.Of(d.Start),
                SheetCell.Of(d.End),
                SheetCell.Of(d.Location),
            ])
            .ToList();
        return new ExportSheet(ImportLayouts.DutyShifts.Title, ImportLayouts.DutyShifts.Headers.ToList(), rows);
    }
}
