namespace SignageKiosk.Shared.Hotlines;

public enum HotlineCategory
{
    /// <summary>物业服务 (the 24-hour property hotline)</summary>
    Property,
    /// <summary>楼栋管家</summary>
    Steward,
    /// <summary>社区办公室</summary>
    Community,
    /// <summary>应急服务 (emergency station, rescue team)</summary>
    Emergency,
    /// <summary>维修</summary>
    Repair,
    /// <summary>调解 (family mediation team)</summary>
    Mediation,
    /// <summary>110 / 119 / 120 / 12345</summary>
    Public,
}
