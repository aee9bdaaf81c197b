using SignageKiosk.Shared.Places;

namespace SignageKiosk.Controller.Fleet;

/// <summary>
/// The fleet of the caller's area at a glance (<c>GET /api/fleet/summary</c>): counts per community (per compound when
/// the area is one community; the area itself when it is a compound or smaller), their total, and the kiosks that
/// need attention now, most urgent first.
/// </summary>
public sealed record FleetSummary
{
    /// <summary>The caller's area: null for an administrator (the whole city).</summary>
    public string? AreaId { get; init; }
    public string? AreaName { get; init; }
    /// <summary>What each row is: community, compound, or the area itself.</summary>
    public required PlaceKind GroupKind { get; init; }
    public required IReadOnlyList<FleetCounts> Groups { get; init; }
    public required FleetCounts Total { get; init; }
    /// <summary>The first <see cref="FleetOptions.AttentionListSize"/> kiosks needing attention, most urgent first.</summary>
    public required IReadOnlyList<FleetKiosk> Attention { get; init; }
    /// <summary>How many kiosks need attention in all.</summary>
    public required int AttentionTotal { get; init; }
    /// <summary>The whole attention list, paged: <c>/api/fleet?flag=attention</c>.</summary>
    public required string AttentionLink { get; init; }
    public required int AttentionOfflineMinutes { get; init; }
}

/// <summary>One row of the summary. <see cref="PlaceId"/> is null for the total and for kiosks outside any row's place.</summary>
public sealed record FleetCounts
{
    public string? PlaceId { get; init; }
    public required string Name { get; init; }
    public int Kiosks { get; set; }
    public int Online { get; set; }
    public int Offline { get; set; }
    public int ScreenOffBySchedule { get; set; }
    public int NeverSeen { get; set; }
    /// <summary>Clone warnings (credential reused).</summary>
    public int CredentialReused { get; set; }
    public int Lagging { get; set; }
    public int Clock { get; set; }
    public int StorageFull { get; set; }
    public int Attention { get; set; }

    public void Add(FleetKiosk kiosk)
    {
        Kiosks++;
        switch (kiosk.State)
        {
            case Shared.Fleet.KioskState.Online: Online++; break;
            case Shared.Fleet.KioskState.Offline: Offline++; break;
            case Shared.Fleet.KioskState.ScreenOffBySchedule: ScreenOffBySchedule++; break;
            default: NeverSeen++; break;
        }
        CredentialReused += kiosk.CredentialReused ? 1 : 0;
        Lagging += kiosk.Lagging ? 1 : 0;
        Clock += kiosk.ClockWarning ? 1 : 0;
        StorageFull += kiosk.StorageFull ? 1 : 0;
        Attention += kiosk.Attention.Count > 0 ? 1 : 0;
    }
}
