using SignageKiosk.Shared.Duty;
using SignageKiosk.Shared.Roster;

namespace SignageKiosk.Shared.Print;

/// <summary>
/// What a printed 值班表 shows: one week's days as <see cref="DutyWeek.Evaluate"/> gives them, whose they are
/// (a station or a compound) and the people the shifts may name (to mask private numbers).
/// </summary>
public sealed record DutyPrintRequest
{
    /// <summary>The station's name, or the place's when no station stands there.</summary>
    public required string Name { get; init; }
    /// <summary>The places above, e.g. "幸福里社区 · 丹桂苑".</summary>
    public string? PlaceLine { get; init; }
    public required IReadOnlyList<DutyDay> Days { get; init; }
    /// <summary>The IANA zone the week was read in; named on the sheet when it is not the default.</summary>
    public string? TimeZone { get; init; }
    public IReadOnlyDictionary<string, Person> People { get; init; } = new Dictionary<string, Person>();
    public required DateOnly PrintedOn { get; init; }
}
