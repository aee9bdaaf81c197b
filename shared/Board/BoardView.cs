using SignageKiosk.Shared.Activities;
using SignageKiosk.Shared.Broadcasts;
using SignageKiosk.Shared.Duty;
using SignageKiosk.Shared.Holidays;
using SignageKiosk.Shared.Hotlines;
using SignageKiosk.Shared.Notices;
using SignageKiosk.Shared.Places;
using SignageKiosk.Shared.Roster;
using SignageKiosk.Shared.Supplies;
using SignageKiosk.Shared.Wishes;

namespace SignageKiosk.Shared.Board;

/// <summary>A building with the people responsible for it, ready to show.</summary>
public sealed record BuildingRoster(Place Building, IReadOnlyList<(RosterEntry Entry, Person Person, Place? Unit)> Entries)
{
    public int PartyMembers => Entries.Select(e => e.Person).DistinctBy(p => p.Id).Count(p => p.Party != PartyMembership.None);
}

/// <summary>
/// What the board shows at one instant: pure evaluation of the cache's content against the station's clock.
/// </summary>
public sealed record BoardView
{
    public required Station? Station { get; init; }
    public required DateTime LocalNow { get; init; }
    /// <summary>The station's offset from UTC now, so the page's clock ticks in station time.</summary>
    public TimeSpan UtcOffset { get; init; }
    public required IReadOnlyList<Notice> Notices { get; init; }
    public required IReadOnlyList<DutyShift> OnDuty { get; init; }
    /// <summary>Occurrences not yet over, until the end of the sixth day from today; cancelled ones included, marked.</summary>
    public required IReadOnlyList<Occurrence> Activities { get; init; }
    /// <summary>Those of <see cref="Activities"/> going on now (never a cancelled one).</summary>
    public IReadOnlyList<Occurrence> Happening { get; init; } = [];
    /// <summary>Today's holiday, when one is marked for this board's places.</summary>
    public Holiday? Holiday { get; init; }
    public required IReadOnlyList<Hotline> Hotlines { get; init; }
    public required IReadOnlyList<BuildingRoster> Buildings { get; init; }
    public required IReadOnlyList<EmergencySupply> Supplies { get; init; }
    /// <summary>Micro-wishes to show: open ones (newest first), then claimed, then those fulfilled in the last 30 days (<see cref="WishBoard"/>).</summary>
    public IReadOnlyList<MicroWish> Wishes { get; init; } = [];
    /// <summary>True when the board can give each open wish a QR code to the controller's claim page (its public address is known).</summary>
    public bool WishQrCodes { get; init; }
    /// <summary>The emergency broadcast covering the board now, if any (the newest when several are live).</summary>
    public EmergencyBroadcast? Broadcast { get; init; }
    /// <summary>The 我要反映 screens' buildings and this month's figures of the kiosk's compound.</summary>
    public ReportChoices Reports { get; init; } = ReportChoices.None;
    /// <summary>
    /// When what is shown next changes (a notice expires, a shift ends, an activity starts or ends, moved or
    /// not, midnight with its holiday). Nothing in this view changes before it.
    /// </summary>
    public DateTimeOffset? NextBoundary { get; init; }

    public static BoardView Evaluate(BoardContent content, DateTimeOffset now)
    {
        var station = content.Station;
        var clock = new StationClock(station?.TimeZone);
        var local = clock.ToLocal(now);
        bool Shown(Content.ContentItem item) => item.Media().All(m => content.VerifiedMedia.Contains(m.Sha256));

        var notices = content.Notices
            .Where(n => n.IsValidAt(now) && Shown(n))
            .OrderByDescending(n => n.Priority)
            .ThenByDescending(n => n.ValidFrom ?? DateTimeOffset.MinValue)
            .ThenBy(n => n.Id, StringComparer.Ordinal)
            .ToList();

        // Compared as instants, not wall-clock times: in the hour repeated when clocks go back, 02:15 comes
        // twice, and a shift that ended at the first 02:30 must not come back at the second 02:15.
        bool Covers(DateTime start, DateTime end) => clock.ToInstant(start) <= now && now < clock.ToInstant(end);
        var onDuty = content.DutyShifts
            .Where(s => Covers(s.Start, s.End))
            .OrderBy(s => s.Start)
            .ToList();

        var today = DateOnly.FromDateTime(local);
        var holidays = content.Holidays.Select(h => h.Date).ToHashSet();
        var weekEnd = local.Date.AddDays(7);
        // A day back, so that an occurrence whose wall-clock end is just behind now but whose instant is not
        // (the repeated hour) is still weighed; the instant decides.
        var activities = content.Activities
            .Where(Shown)
            .SelectMany(a => OccurrenceExpander.Expand(a, local.AddDays(-1), weekEnd, holidays))
            .Where(o => clock.ToInstant(o.End) > now)
            .OrderBy(o => o.Start)
            .ThenBy(o => o.Title, StringComparer.Ordinal)
            .ThenBy(o => o.Activity.Id, StringComparer.Ordinal)
            .ToList();
        var happening = activities.Where(o => !o.Cancelled && Covers(o.Start, o.End)).ToList();

        var placesById = content.Places.ToDictionary(p => p.Id);
        var peopleById = content.People.Where(Shown).ToDictionary(p => p.Id);
        var buildings = content.Places
            .Where(p => p.Kind == PlaceKind.Building)
            .OrderBy(p => p.Order).ThenBy(p => p.Name, StringComparer.Ordinal)
            .Select(b => new BuildingRoster(b, content.Roster
                .Where(r => r.BuildingId == b.Id && peopleById.ContainsKey(r.PersonId))
                .OrderBy(r => r.UnitId is null ? 0 : 1)
                .ThenBy(r => r.UnitId is { } u && placesById.TryGetValue(u, out var up) ? up.Order : 0)
                .ThenBy(r => r.Role)
                .Select(r => (r, peopleById[r.PersonId], r.UnitId is { } u ? placesById.GetValueOrDefault(u) : null))
                .ToList()))
            .ToList();

        var boundaries = new List<DateTimeOffset>();
        foreach (var n in content.Notices)
        {
            if (n.ValidFrom > now) boundaries.Add(n.ValidFrom.Value);
            if (n.ValidTo > now) boundaries.Add(n.ValidTo.Value);
        }
        foreach (var s in content.DutyShifts)
        {
            boundaries.Add(clock.ToInstant(s.Start));
            boundaries.Add(clock.ToInstant(s.End));
        }
        // Up to the day after tomorrow is enough: midnight comes first. Moved occurrences are expanded where
        // they now are, cancelled ones only leave the list at their end, holidays' skipped ones never appear.
        foreach (var o in content.Activities.Where(Shown).SelectMany(a => OccurrenceExpander.Expand(a, local.AddDays(-1), local.Date.AddDays(2), holidays)))
        {
            if (!o.Cancelled)
            {
                boundaries.Add(clock.ToInstant(o.Start));
            }
            boundaries.Add(clock.ToInstant(o.End));
        }
        foreach (var b in content.Broadcasts)
        {
            if (b.StartsAt > now) boundaries.Add(b.StartsAt);
            if (b.EndsAt > now) boundaries.Add(b.EndsAt);
            if (b.ClearedAt > now) boundaries.Add(b.ClearedAt.Value);
        }
        // Midnight: the date in the header, "today", the holiday and the week's last day change.
        boundaries.Add(clock.ToInstant(local.Date.AddDays(1)));

        return new BoardView
        {
            Station = station,
            LocalNow = local,
            UtcOffset = clock.Zone.GetUtcOffset(now),
            Notices = notices,
            OnDuty = onDuty,
            Activities = activities,
            Happening = happening,
            Holiday = content.Holidays.Where(h => h.Date == today).OrderBy(h => h.Id, StringComparer.Ordinal).FirstOrDefault(),
            Hotlines = content.Hotlines.OrderBy(h => h.Order).ThenBy(h => h.Category).ThenBy(h => h.Name, StringComparer.Ordinal).ToList(),
            Buildings = buildings,
            Wishes = WishBoard.Order(content.Wishes, today),
            Supplies = content.Supplies.OrderBy(s => s.Category, StringComparer.Ordinal).ThenBy(s => s.Item, StringComparer.Ordinal).ToList(),
            Broadcast = content.Broadcasts
                .Where(b => b.IsLiveAt(now))
                .OrderByDescending(b => b.StartsAt)
                .ThenBy(b => b.Id, StringComparer.Ordinal)
                .FirstOrDefault(),
            Reports = ReportChoices.From(content, local),
            NextBoundary = boundaries.Where(b => b > now).DefaultIfEmpty().Min() is var next && next > now ? next : null,
        };
    }
}
