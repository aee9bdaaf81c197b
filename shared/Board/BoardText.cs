using SignageKiosk.Shared.Hotlines;
using SignageKiosk.Shared.Notices;
using SignageKiosk.Shared.Roster;

namespace SignageKiosk.Shared.Board;

/// <summary>The board's own words: zh-CN by default, English on request. Staff content is shown as written.</summary>
public sealed partial class BoardText
{
    private readonly bool _zh;

    private BoardText(bool zh) => _zh = zh;

    public static readonly BoardText Zh = new(true);
    public static readonly BoardText En = new(false);

    public static BoardText For(BoardLanguage language) => language == BoardLanguage.En ? En : Zh;

    private string T(string zh, string en) => _zh ? zh : en;

    public string Lang => T("zh-CN", "en");
    public string DefaultStation => T("社区服务站", "Community station");
    public string ScreenOffTouchToWake => T("屏幕已按计划关闭，轻触屏幕唤醒", "The screen is off by schedule; touch to wake it");
    public string PreviewScreenOff => T("预览：此时按计划关屏，屏幕全黑，居民轻触可唤醒", "Preview: at this time the screen is off by schedule (black until a resident touches it)");
    public string Home => T("返回首页", "Home");
    public string Back => T("返回", "Back");
    public string Close => T("关闭", "Close");
    public string Previous => T("上一页", "Previous");
    public string Next => T("下一页", "Next");
    public string ReadAloud => T("朗读", "Read aloud");
    public string StopReading => T("停止朗读", "Stop");
    public string ElderMode => T("长辈模式", "Large text");
    public string Accessibility => T("无障碍", "Accessibility");

    public string Roster => T("楼栋公示", "Building roster");
    public string RosterHint => T("楼栋长 · 党员 · 管家", "Heads, Party members, stewards");
    public string Activities => T("活动安排", "Activities");
    public string ActivitiesHint => T("今天和本周的活动", "Today and this week");
    public string DutyAndHotlines => T("值班与热线", "Duty and hotlines");
    public string DutyHint => T("谁在值班 · 服务电话", "Who is on duty, phone numbers");
    public string Notices => T("通知公告", "Notices");
    public string NoticesHint => T("停水停电 · 缴费 · 公示", "Outages, fees, announcements");
    public string Supplies => T("应急物资", "Emergency supplies");
    public string SuppliesHint => T("物资 · 存放 · 钥匙", "What, where, who holds the key");

    public string OnDutyNow => T("正在值班", "On duty now");
    public string NobodyOnDuty => T("当前无人值班", "Nobody is on duty now");
    public string PleaseCall => T("请拨打", "please call");
    public string KeyHotlines => T("常用电话", "Key numbers");
    public string EmergencyNumbers => T("紧急电话", "Emergency numbers");
    public string Stewards => T("楼栋管家", "Building stewards");
    public string OtherHotlines => T("服务热线", "Service lines");
    public string ScanToDial => T("用手机扫码拨打", "Scan with your phone to call");
    public string ScanToRead => T("用手机扫码阅读全文", "Scan with your phone to read");
    public string NoNotices => T("暂无通知", "No notices");
    public string NoActivities => T("暂无活动", "No activities");
    public string NowAndNext => T("正在进行 · 接下来", "Now and next");
    public string Today => T("今天", "Today");
    public string ThisWeek => T("本周", "This week");
    public string Happening => T("进行中", "Now");
    public string Cancelled => T("已取消", "Cancelled");
    public string Moved => T("已改期", "Rescheduled");
    public string OriginallyAt(string when) => _zh ? $"原定 {when}" : $"was {when}";
    public string BuildingMap => T("包栋联户图", "Who covers which building");
    public string WholeBuilding => T("全楼", "Whole building");
    public string PartyMembers(int count) => _zh ? $"党员 {count} 名" : $"{count} Party members";
    public string Until(string time) => _zh ? $"至 {time}" : $"until {time}";
    public string EmergencyBroadcast => T("紧急通知", "Emergency notice");
    public string BroadcastUntil(string time) => _zh ? $"持续至 {time}，请留意工作人员通知" : $"Until {time}. Please follow staff instructions.";
    public string NextDay => T("次日", "next day ");
    public string Location => T("存放", "Where");
    public string KeyHolder => T("钥匙", "Key");
    public string Quantity => T("数量", "Qty");

    public string TextSizeLabel => T("字号", "Text size");
    public string SchemeLabel => T("配色", "Colours");
    public string PinyinLabel => T("拼音", "Pinyin");
    public string SpeechLabel => T("朗读", "Reading");
    public string LanguageLabel => T("语言", "Language");
    public string Speed => T("语速", "Speed");
    public string Volume => T("音量", "Volume");
    public string On => T("开", "On");
    public string Off => T("关", "Off");

    public string Size(TextSize size) => size switch
    {
        TextSize.Large => T("大字", "Large"),
        TextSize.ExtraLarge => T("特大", "Extra large"),
        _ => T("标准", "Standard"),
    };

    public string Scheme(ColorScheme scheme) => scheme switch
    {
        ColorScheme.WhiteBlack => T("白底黑字", "Black on white"),
        ColorScheme.BlueYellow => T("蓝底黄字", "Yellow on blue"),
        ColorScheme.YellowBlack => T("黄底黑字", "Black on yellow"),
        ColorScheme.BlackYellow => T("黑底黄字", "Yellow on black"),
        _ => T("默认", "Default"),
    };

    public string Weekday(DayOfWeek day) => _zh
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

    public string Date(DateTime date) => _zh
        ? date.ToString("yyyy年M月d日", System.Globalization.CultureInfo.InvariantCulture)
        : date.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);

    public string ShortDate(DateTime date) => _zh
        ? date.ToString("M月d日", System.Globalization.CultureInfo.InvariantCulture)
        : date.ToString("d MMM", System.Globalization.CultureInfo.InvariantCulture);

    public string Role(RosterRole role) => role switch
    {
        RosterRole.BuildingHead => T("楼栋长", "Building head"),
        RosterRole.UnitHead => T("单元长", "Unit head"),
        RosterRole.PartyHouseholdHead => T("党员中心户长", "Party household head"),
        RosterRole.RedSteward => T("红领管家", "Steward"),
        RosterRole.GridWorker => T("网格员", "Grid worker"),
        RosterRole.SecurityMediator => T("治安调解员", "Mediator"),
        RosterRole.PropertySupervisor => T("物业监督员", "Property supervisor"),
        _ => T("志愿者", "Volunteer"),
    };

    public string Party(PartyMembership party) => party switch
    {
        PartyMembership.Resident => T("党员", "Party member"),
        PartyMembership.Registered => T("双报到党员", "Registered Party member"),
        PartyMembership.Serving => T("在职党员", "Serving Party member"),
        _ => "",
    };

    public string Priority(NoticePriority priority) => priority switch
    {
        NoticePriority.Urgent => T("紧急", "Urgent"),
        NoticePriority.Pinned => T("置顶", "Pinned"),
        _ => "",
    };

    public string Category(HotlineCategory category) => category switch
    {
        HotlineCategory.Property => T("物业服务", "Property"),
        HotlineCategory.Steward => T("楼栋管家", "Steward"),
        HotlineCategory.Community => T("社区", "Community"),
        HotlineCategory.Emergency => T("应急", "Emergency"),
        HotlineCategory.Repair => T("维修", "Repairs"),
        HotlineCategory.Mediation => T("调解", "Mediation"),
        _ => T("公共服务", "Public"),
    };
}
