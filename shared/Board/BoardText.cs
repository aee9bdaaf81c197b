using SignageKiosk.Shared.Hotlines;
using SignageKiosk.Shared.Notices;
using SignageKiosk.Shared.Roster;

namespace SignageKiosk.Shared.Board;

/// <summary>The board's words in zh-CN (the default) and English.</summary>
public static class BoardText
{
    public static string Weekday(DayOfWeek day, bool zh = true) => zh
        ? day switch
        {
            DayOfWeek.Monday => "星期一",
            DayOfWeek.Tuesday => "星期二",
            DayOfWeek.Wednesday => "星期三",
            DayOfWeek.Thursday => "星期四",
            DayOfWeek.Friday => "星期五",
            DayOfWeek.Saturday => "星期六",
            _ => "星期日",
        }
        : day.ToString();

    public static string Role(RosterRole role) => role switch
    {
        RosterRole.BuildingHead => "楼栋长",
        RosterRole.UnitHead => "单元长",
        RosterRole.PartyHouseholdHead => "党员中心户长",
        RosterRole.RedSteward => "红领管家",
        RosterRole.GridWorker => "网格员",
        RosterRole.SecurityMediator => "治安调解员",
        RosterRole.PropertySupervisor => "物业监督员",
        _ => "志愿者",
    };

    public static string Party(PartyMembership party) => party switch
    {
        PartyMembership.Resident => "党员",
        PartyMembership.Registered => "双报到党员",
        PartyMembership.Serving => "在职党员",
        _ => "",
    };

    public static string Priority(NoticePriority priority) => priority switch
    {
        NoticePriority.Urgent => "紧急",
        NoticePriority.Pinned => "置顶",
        _ => "",
    };

    public static string Category(HotlineCategory category) => category switch
    {
        HotlineCategory.Property => "物业服务",
        HotlineCategory.Steward => "楼栋管家",
        HotlineCategory.Community => "社区",
        HotlineCategory.Emergency => "应急",
        HotlineCategory.Repair => "维修",
        HotlineCategory.Mediation => "调解",
        _ => "公共服务",
    };
}
