namespace SignageKiosk.Shared.Roster;

/// <summary>Roles of the "two heads and three staff" (两长三员) and their helpers on a building roster.</summary>
public enum RosterRole
{
    /// <summary>楼栋长</summary>
    BuildingHead,
    /// <summary>单元长</summary>
    UnitHead,
    /// <summary>党员中心户长</summary>
    PartyHouseholdHead,
    /// <summary>红领管家 (one per building, from the property company)</summary>
    RedSteward,
    /// <summary>网格员</summary>
    GridWorker,
    /// <summary>治安调解员</summary>
    SecurityMediator,
    /// <summary>物业监督员</summary>
    PropertySupervisor,
    /// <summary>志愿者</summary>
    Volunteer,
}
