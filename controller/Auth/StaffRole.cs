namespace SignageKiosk.Controller.Auth;

public enum StaffRole
{
    /// <summary>管理员: everything, including places, kiosks and users.</summary>
    Admin,
    /// <summary>社区工作人员: all content in their community.</summary>
    CommunityStaff,
    /// <summary>物业: hotlines, duty shifts, stewards and emergency supplies in their compounds.</summary>
    PropertyManager,
    /// <summary>站长: notices and activities for their station.</summary>
    StationMaster,
}
