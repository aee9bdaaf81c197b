using SignageKiosk.Shared.Content;

namespace SignageKiosk.Shared.Duty;

/// <summary>
/// Who is on duty (值班) from Start to End, station-local wall clock. End before or at Start is invalid;
/// an overnight shift simply ends on the next day.
/// </summary>
public sealed record DutyShift : ContentItem
{
    public required string PersonName { get; init; }
    public string? PersonId { get; init; }
    public required string Role { get; init; }
    public string? Phone { get; init; }
    public required DateTime Start { get; init; }
    public required DateTime End { get; init; }
    /// <summary>Where the person on duty is, e.g. "应急服务站".</summary>
    public string? Location { get; init; }
}
