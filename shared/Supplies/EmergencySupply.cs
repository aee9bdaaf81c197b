using SignageKiosk.Shared.Content;

namespace SignageKiosk.Shared.Supplies;

/// <summary>One line of the emergency station's inventory (应急物资), with where it is and who holds the key.</summary>
public sealed record EmergencySupply : ContentItem
{
    /// <summary>e.g. 专业救援装备, 防汛物资, 常用物资</summary>
    public required string Category { get; init; }
    public required string Item { get; init; }
    public int Quantity { get; init; }
    /// <summary>Measure word: 台, 个, 套, 件…</summary>
    public string? Unit { get; init; }
    public string? Location { get; init; }
    public string? KeyHolder { get; init; }
    public string? KeyHolderPhone { get; init; }
}
