using SignageKiosk.Shared.Activities;
using SignageKiosk.Shared.Broadcasts;
using SignageKiosk.Shared.Duty;
using SignageKiosk.Shared.Holidays;
using SignageKiosk.Shared.Hotlines;
using SignageKiosk.Shared.Notices;
using SignageKiosk.Shared.Places;
using SignageKiosk.Shared.Roster;
using SignageKiosk.Shared.Supplies;

namespace SignageKiosk.Shared.Board;

/// <summary>Everything one kiosk holds, as read from its cache: the input of evaluation and rendering.</summary>
public sealed record BoardContent
{
    public string? KioskId { get; init; }
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
    public IReadOnlyList<EmergencyBroadcast> Broadcasts { get; init; } = [];
    /// <summary>Holidays marked for this kiosk's places (the cache holds only its own place chain's).</summary>
    public IReadOnlyList<Holiday> Holidays { get; init; } = [];
    /// <summary>Micro-wishes (微心愿) for this kiosk's places.</summary>
    public IReadOnlyList<Wishes.MicroWish> Wishes { get; init; } = [];
    /// <summary>This month's report figures of the compounds on this kiosk's chain (made by the controller).</summary>
    public IReadOnlyList<Reports.ReportFigures> ReportFigures { get; init; } = [];
    /// <summary>Media hashes present and verified on this kiosk; items needing anything else are held back.</summary>
    public IReadOnlySet<string> VerifiedMedia { get; init; } = new HashSet<string>();

    public Kiosk? Kiosk => Kiosks.FirstOrDefault(k => k.Id == KioskId);
    public Station? Station => Kiosk is { } k ? Stations.FirstOrDefault(s => s.Id == k.StationId) : Stations.FirstOrDefault();
}
