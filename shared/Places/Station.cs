using SignageKiosk.Shared.Screen;

namespace SignageKiosk.Shared.Places;

/// <summary>A service station (红色驿站, 邻里中心) that belongs to a community or a compound.</summary>
public sealed record Station
{
    public const string DefaultTimeZone = "Asia/Shanghai";

    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string PlaceId { get; init; }
    /// <summary>IANA zone in which the station's schedules are evaluated.</summary>
    public string TimeZone { get; init; } = DefaultTimeZone;
    public string? Address { get; init; }
    /// <summary>The board layout its screens use (content/layouts): "landscape" or "portrait".</summary>
    public string Layout { get; init; } = "landscape";
    /// <summary>When its screens are on (per weekday, with dates of other hours); null: always on.</summary>
    public ScreenHours? ScreenHours { get; init; }
}
