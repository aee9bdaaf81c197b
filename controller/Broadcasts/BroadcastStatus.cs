using System.Text.Json.Serialization;
using SignageKiosk.Shared.Broadcasts;

namespace SignageKiosk.Controller.Broadcasts;

/// <summary>One broadcast and, for every kiosk it targets, whether that kiosk has displayed it.</summary>
public sealed record BroadcastStatus
{
    public required EmergencyBroadcast Broadcast { get; init; }
    public required bool Live { get; init; }
    public required IReadOnlyList<BroadcastKiosk> Kiosks { get; init; }
    public int Displayed => Kiosks.Count(k => k.DisplayedAt is not null);
    public int Total => Kiosks.Count;
}

public sealed record BroadcastKiosk
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? StationName { get; init; }
    /// <summary>A hub connection is open right now (a connected kiosk that has not displayed it is worth a call).</summary>
    public bool Connected { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public DateTimeOffset? DisplayedAt { get; init; }
}
