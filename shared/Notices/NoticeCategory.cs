namespace SignageKiosk.Shared.Notices;

public enum NoticeCategory
{
    General,
    /// <summary>停水停电</summary>
    Outage,
    /// <summary>缴费</summary>
    Fee,
    /// <summary>议事表决</summary>
    Vote,
    /// <summary>红榜</summary>
    HonourRoll,
    /// <summary>政策</summary>
    Policy,
    /// <summary>活动</summary>
    Activity,
}
