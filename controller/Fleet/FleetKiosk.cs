using System.Text.Json.Serialization;
using SignageKiosk.Shared.Fleet;

namespace SignageKiosk.Controller.Fleet;

/// <summary>One row of <c>GET /api/fleet</c>. Unknowns are written as null, not left out, so a table can show "—".</summary>
public sealed record FleetKiosk
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string StationId { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? StationName { get; init; }
    /// <summary>Where the kiosk stands: its own place, else its station's.</summary>
    public required string PlaceId { get; init; }
    public required KioskState State { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public DateTimeOffset? LastSeen { get; init; }
    /// <summary>A hub connection is open right now.</summary>
    public bool Connected { get; init; }
    /// <summary>Its last report says the screen is off on purpose.</summary>
    public bool ScreenOff { get; init; }
    /// <summary>The kiosk's acknowledged cursor. Sequences are global, so it may be past <see cref="LatestSeq"/>.</summary>
    public long AckedSeq { get; init; }
    /// <summary>The newest change that targets this kiosk.</summary>
    public long LatestSeq { get; init; }
    /// <summary>Changes for this kiosk after its acknowledged sequence (counted for the rows of a page, not for a summary).</summary>
    public long Behind { get; init; }
    /// <summary>Seen at least once and still short of a change meant for it that is older than <see cref="FleetOptions.LaggingAfter"/>.</summary>
    public bool Lagging { get; init; }
    /// <summary>Why it needs someone now (<see cref="FleetAttention"/>), most urgent first; empty when nothing.</summary>
    public IReadOnlyList<string> Attention { get; init; } = [];
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? SoftwareVersion { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? InstallationId { get; init; }
    /// <summary>A retired credential of this kiosk was presented again: "credential reused — possible clone".</summary>
    public bool CredentialReused { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public DateTimeOffset? CredentialReusedAt { get; init; }
    public int CredentialReuseCount { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? CredentialReusedFrom { get; init; }
    /// <summary>Its disk is too full for the media it needs; it shows what it has.</summary>
    public bool StorageFull { get; init; }
    /// <summary>The kiosk's clock minus the controller's at its last hello (seconds); it corrects itself by this.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public double? ClockSkewSeconds { get; init; }
    /// <summary>Its clock is far enough off that staff should look (its schedules still run on corrected time).</summary>
    public bool ClockWarning => ClockSkewSeconds is { } skew && FleetRules.IsClockFar(TimeSpan.FromSeconds(skew));
}
