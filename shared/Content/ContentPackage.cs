using SignageKiosk.Shared.Activities;
using SignageKiosk.Shared.Duty;
using SignageKiosk.Shared.Holidays;
using SignageKiosk.Shared.Hotlines;
using SignageKiosk.Shared.Notices;
using SignageKiosk.Shared.Places;
using SignageKiosk.Shared.Roster;
using SignageKiosk.Shared.Supplies;

namespace SignageKiosk.Shared.Content;

/// <summary>
/// A whole community's content in one file (content/demo/community.json). Its dates are written as if
/// <see cref="AnchorDate"/> were today; <see cref="ShiftedTo"/> moves them to the real today, keeping
/// wall-clock times, so the demo always shows "today's duty" and "this week's activities".
/// </summary>
public sealed record ContentPackage
{
    public DateOnly? AnchorDate { get; init; }
    public IReadOnlyList<Place> Places { get; init; } = [];
    public IReadOnlyList<Station> Stations { get; init; } = [];
    public IReadOnlyList<Kiosk> Kiosks { get; init; } = [];
    public IReadOnlyList<Person> People { get; init; } = [];
    public IReadOnlyList<RosterEntry> Roster { get; init; } = [];
    public IReadOnlyList<Activity> Activities { get; init; } = [];
    public IReadOnlyList<Hotline> Hotlines { get; init; } = [];
    public IReadOnlyList<DutyShift> DutyShifts { get; init; } = [];
    public IReadOnlyList<Notice> Notices { get; init; } = [];
    public IReadOnlyList<EmergencySupply> Supplies { get; init; } = [];
    public IReadOnlyList<Holiday> Holidays { get; init; } = [];

    public IEnumerable<(string Kind, ContentItem Item)> Items() =>
        People.Select(i => (ContentKind.Person, (ContentItem)i))
            .Concat(Roster.Select(i => (ContentKind.RosterEntry, (ContentItem)i)))
            .Concat(Activities.Select(i => (ContentKind.Activity, (ContentItem)i)))
            .Concat(Hotlines.Select(i => (ContentKind.Hotline, (ContentItem)i)))
            .Concat(DutyShifts.Select(i => (ContentKind.DutyShift, (ContentItem)i)))
            .Concat(Notices.Select(i => (ContentKind.Notice, (ContentItem)i)))
            .Concat(Supplies.Select(i => (ContentKind.EmergencySupply, (ContentItem)i)))
            .Concat(Holidays.Select(i => (ContentKind.Holiday, (ContentItem)i)));

    public ContentPackage ShiftedTo(DateOnly today)
    {
        if (AnchorDate is not { } anchor)
        {
            return this;
        }
        var days = today.DayNumber - anchor.DayNumber;
        if (days == 0)
        {
            return this;
        }
        DateTimeOffset? Shift(DateTimeOffset? value) => value?.AddDays(days);
        return this with
        {
            AnchorDate = today,
            Activities = Activities.Select(a => a with
            {
                Start = a.Start.AddDays(days),
                End = a.End.AddDays(days),
                Recurrence = a.Recurrence is { } r
                    ? r with
                    {
                        Until = r.Until?.AddDays(days),
                        Exceptions = r.Exceptions.Select(d => d.AddDays(days)).ToList(),
                        Changes = r.Changes.Select(c => c with { Date = c.Date.AddDays(days), Start = c.Start?.AddDays(days), End = c.End?.AddDays(days) }).ToList(),
                    }
                    : null,
            }).ToList(),
            DutyShifts = DutyShifts.Select(d => d with { Start = d.Start.AddDays(days), End = d.End.AddDays(days) }).ToList(),
            Notices = Notices.Select(n => n with { ValidFrom = Shift(n.ValidFrom), ValidTo = Shift(n.ValidTo) }).ToList(),
            Holidays = Holidays.Select(h => h with { Date = h.Date.AddDays(days) }).ToList(),
        };
    }
}
