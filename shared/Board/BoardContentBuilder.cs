using System.Text.Json;
using SignageKiosk.Shared.Activities;
using SignageKiosk.Shared.Broadcasts;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Duty;
using SignageKiosk.Shared.Holidays;
using SignageKiosk.Shared.Hotlines;
using SignageKiosk.Shared.Notices;
using SignageKiosk.Shared.Places;
using SignageKiosk.Shared.Roster;
using SignageKiosk.Shared.Supplies;

namespace SignageKiosk.Shared.Board;

/// <summary>
/// Turns stored records (kind + JSON, as in the kiosk cache or a controller snapshot) into
/// <see cref="BoardContent"/>. A record this build cannot read is skipped and reported, never fatal: a
/// newer controller must not blank an older board.
/// </summary>
public static class BoardContentBuilder
{
    public static BoardContent Build(IEnumerable<(string Kind, string Json)> records, string? kioskId, IReadOnlySet<string> verifiedMedia, Action<string, Exception>? onUnreadable = null)
    {
        var byKind = records.GroupBy(r => r.Kind, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(r => r.Json).ToList(), StringComparer.Ordinal);
        List<T> Of<T>(string kind)
        {
            var result = new List<T>();
            foreach (var json in byKind.GetValueOrDefault(kind) ?? [])
            {
                try
                {
                    result.Add(ContentJson.Deserialize<T>(json));
                }
                catch (JsonException e)
                {
                    onUnreadable?.Invoke(kind, e);
                }
            }
            return result;
        }
        return new BoardContent
        {
            KioskId = kioskId,
            Places = Of<Place>(ContentKind.Place),
            Stations = Of<Station>(ContentKind.Station),
            Kiosks = Of<Kiosk>(ContentKind.Kiosk),
            People = Of<Person>(ContentKind.Person),
            Roster = Of<RosterEntry>(ContentKind.RosterEntry),
            Activities = Of<Activity>(ContentKind.Activity),
            Hotlines = Of<Hotline>(ContentKind.Hotline),
            DutyShifts = Of<DutyShift>(ContentKind.DutyShift),
            Notices = Of<Notice>(ContentKind.Notice),
            Supplies = Of<EmergencySupply>(ContentKind.EmergencySupply),
            Broadcasts = Of<EmergencyBroadcast>(ContentKind.EmergencyBroadcast),
            Holidays = Of<Holiday>(ContentKind.Holiday),
            Wishes = Of<Wishes.MicroWish>(ContentKind.MicroWish),
            ReportFigures = Of<Reports.ReportFigures>(ContentKind.ReportFigures),
            VerifiedMedia = verifiedMedia,
        };
    }
}
