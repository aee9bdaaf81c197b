using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Holidays;
using SignageKiosk.Shared.Roster;

namespace SignageKiosk.Shared.Duty;

/// <summary>One day of a duty week: its date, its holiday if marked, and the shifts that start on it.</summary>
public sealed record DutyDay(DateOnly Date, Holiday? Holiday, IReadOnlyList<DutyWeekShift> Shifts);

/// <summary>A shift as the week shows it, with its real length (shorter or longer on a DST night).</summary>
public sealed record DutyWeekShift(DutyShift Shift, TimeSpan Length)
{
    /// <summary>Its wall-clock length: what staff wrote. Differs from <see cref="Length"/> only across a DST change.</summary>
    public TimeSpan WallLength => Shift.End - Shift.Start;
}

/// <summary>
/// A station's duty for one week, Monday to Sunday in its time zone, decided as the board decides who is on
/// duty (decisions 0005 and 0011): a shift's wall-clock start and end are read as instants by
/// <see cref="StationClock"/>, and it belongs to the day on which it starts, as on the staff week page. The
/// days are dates, never "Monday plus n × 24 hours", so a week with a DST change still has seven.
/// </summary>
public static class DutyWeek
{
    /// <summary>The Monday of the week holding <paramref name="day"/>.</summary>
    public static DateOnly MondayOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    public static IReadOnlyList<DutyDay> Evaluate(DateOnly monday, IEnumerable<DutyShift> shifts, IEnumerable<Holiday> holidays, StationClock clock)
    {
        if (monday.DayOfWeek != DayOfWeek.Monday)
        {
            throw new ArgumentException($"{monday:yyyy-MM-dd} is not a Monday.", nameof(monday));
        }
        var from = clock.ToInstant(monday.ToDateTime(TimeOnly.MinValue));
        var to = clock.ToInstant(monday.AddDays(7).ToDateTime(TimeOnly.MinValue));
        var inWeek = shifts
            .Select(s => (Shift: s, Start: clock.ToInstant(s.Start), End: clock.ToInstant(s.End)))
            .Where(s => s.Start >= from && s.Start < to)
            .ToList();
        var byDate = holidays.GroupBy(h => h.Date).ToDictionary(g => g.Key, g => g.OrderBy(h => h.Id, StringComparer.Ordinal).First());
        return Enumerable.Range(0, 7).Select(d =>
        {
            var date = monday.AddDays(d);
            var day = inWeek
                .Where(s => DateOnly.FromDateTime(s.Shift.Start) == date)
                .OrderBy(s => s.Start)
                .ThenBy(s => s.End)
                .ThenBy(s => s.Shift.Role, StringComparer.Ordinal)
                .ThenBy(s => s.Shift.PersonName, StringComparer.Ordinal)
                .ThenBy(s => s.Shift.Id, StringComparer.Ordinal)
                .Select(s => new DutyWeekShift(s.Shift, s.End - s.Start))
                .ToList();
            return new DutyDay(date, byDate.GetValueOrDefault(date), day);
        }).ToList();
    }

    /// <summary>
    /// The number to print for a shift. The duty line is shown whole, as the board shows it; but a shift that
    /// names a roster person (<see cref="DutyShift.PersonId"/>) whose number is private prints it masked, so a
    /// private mobile written into a shift does not end up on a lobby wall.
    /// </summary>
    public static string Phone(DutyShift shift, Person? person) =>
        person is { PhonePublic: false } && !string.IsNullOrEmpty(person.Phone) ? PhoneMask.Mask(shift.Phone) : shift.Phone ?? "";
}
