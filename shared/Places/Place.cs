namespace SignageKiosk.Shared.Places;

/// <summary>One node of district → street → community (社区) → compound (小区) → building (楼栋) → unit (单元).</summary>
public sealed record Place
{
    public required string Id { get; init; }
    public required PlaceKind Kind { get; init; }
    public required string Name { get; init; }
    public string? ParentId { get; init; }
    /// <summary>Display order among siblings (buildings are shown 1栋, 2栋, …).</summary>
    public int Order { get; init; }
}
