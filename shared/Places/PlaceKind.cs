namespace SignageKiosk.Shared.Places;

/// <summary>The administrative levels a board's place chain runs through, outermost first.</summary>
public enum PlaceKind
{
    City,
    District,
    /// <summary>街道</summary>
    Street,
    /// <summary>社区</summary>
    Community,
    /// <summary>小区</summary>
    Compound,
    /// <summary>楼栋</summary>
    Building,
    /// <summary>单元</summary>
    Unit,
}
