using SignageKiosk.Shared.Content;

namespace SignageKiosk.Shared.Hotlines;

/// <summary>A service number residents can call (服务热线).</summary>
public sealed record Hotline : ContentItem
{
    public required string Name { get; init; }
    public required string Number { get; init; }
    public HotlineCategory Category { get; init; }
    /// <summary>Opening hours as residents read them, e.g. "24小时" or "工作日 8:30-17:30".</summary>
    public string? Hours { get; init; }
    /// <summary>For a building steward's line: the building it serves.</summary>
    public string? BuildingId { get; init; }
    public int Order { get; init; }
}
