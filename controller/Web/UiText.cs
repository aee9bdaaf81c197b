namespace SignageKiosk.Controller.Web;

/// <summary>The staff pages' words: zh-CN by default, English on request (a cookie set from the page footer).</summary>
public sealed class UiText(IHttpContextAccessor http)
{
    public const string LanguageCookie = "sk.lang";

    public bool English => http.HttpContext?.Request.Cookies[LanguageCookie] == "en";
    public string Lang => English ? "en" : "zh-CN";

    public string T(string zh, string en) => English ? en : zh;

    public string Product => T("社区公告屏管理后台", "SignageKiosk admin");
    public string SignIn => T("登录", "Sign in");
    public string SignOut => T("退出", "Sign out");
    public string Username => T("用户名", "Username");
    public string Password => T("密码", "Password");
    public string WrongPassword => T("用户名或密码不正确", "Wrong username or password");
    public string Home => T("首页", "Home");
    public string Notices => T("通知公告", "Notices");
    public string NewNotice => T("发布通知", "New notice");
    public string EditNotice => T("修改通知", "Edit notice");
    public string Preview => T("预览", "Preview");
    public string Save => T("保存并发布", "Save and publish");
    public string Delete => T("删除", "Delete");
    public string Edit => T("修改", "Edit");
    public string Cancel => T("取消", "Cancel");
    public string Title => T("标题", "Title");
    public string Body => T("内容", "Text");
    public string Category => T("类别", "Category");
    public string Priority => T("优先级", "Priority");
    public string ValidFrom => T("开始显示", "Show from");
    public string ValidTo => T("停止显示", "Show until");
    public string Target => T("发布到", "Publish to");
    public string Status => T("状态", "Status");
    public string Showing => T("显示中", "Showing");
    public string Expired => T("已过期", "Expired");
    public string Upcoming => T("未开始", "Upcoming");
    public string Denied => T("您的账号没有权限做这件事。", "Your account may not do this.");
    public string Saved => T("已保存，屏幕将在几秒内更新。", "Saved; the boards update within seconds.");
    public string Deleted => T("已删除。", "Deleted.");
    public string Submitted => T("已提交，等待社区工作人员审核后上屏。", "Submitted; it goes on the boards once community staff approve it.");
    public string Review => T("审核", "Review");
    public string Approve => T("通过", "Approve");
    public string Reject => T("退回", "Send back");
    public string Author => T("提交人", "Submitted by");
    public string Note => T("退回理由", "Reason");
    public string NothingToReview => T("没有待审核的内容。", "Nothing waits for review.");
    public string Approved => T("已通过，屏幕将在几秒内更新。", "Approved; the boards update within seconds.");
    public string Rejected => T("已退回。", "Sent back.");
    public string FixErrors => T("请按提示修改后再保存。", "Please correct the fields marked below.");
    public string Kiosk => T("屏幕", "Screen");
    public string At => T("时间", "At");
    public string ShowPreview => T("查看预览", "Show preview");
    public string Empty => T("暂无", "None yet");
    public string Hotlines => T("服务热线", "Hotlines");
    public string Duty => T("值班安排", "Duty roster");
    public string Holidays => T("节假日", "Holidays");
    public string ProofOfDisplay => T("播放记录", "Proof of display");
    /// <summary>"是：3栋大堂屏 显示了 47 分钟（18:00–21:00）"</summary>
    public string ProofYes(string screen, int seconds, string span) =>
        T($"是：{screen} 显示了 {Duration(seconds)}（{span}）", $"Yes: {screen} showed it for {Duration(seconds)} ({span})");
    public string ProofNo => T("否：该时段内未显示", "No: not shown in this period");
    public string Duration(int seconds) => seconds < 60
        ? T($"{seconds} 秒", $"{seconds} s")
        : T($"{Shared.ProofOfDisplay.DisplaySummary.Minutes(seconds)} 分钟", $"{Shared.ProofOfDisplay.DisplaySummary.Minutes(seconds)} min");
    public string HotlineCategory(Shared.Hotlines.HotlineCategory category) => category switch
    {
        Shared.Hotlines.HotlineCategory.Property => T("物业服务", "Property"),
        Shared.Hotlines.HotlineCategory.Steward => T("楼栋管家", "Steward"),
        Shared.Hotlines.HotlineCategory.Community => T("社区", "Community"),
        Shared.Hotlines.HotlineCategory.Emergency => T("应急", "Emergency"),
        Shared.Hotlines.HotlineCategory.Repair => T("维修", "Repairs"),
        Shared.Hotlines.HotlineCategory.Mediation => T("调解", "Mediation"),
        _ => T("公共服务", "Public"),
    };

    public string Role(Auth.StaffRole role) => role switch
    {
        Auth.StaffRole.Admin => T("管理员", "Administrator"),
        Auth.StaffRole.CommunityStaff => T("社区工作人员", "Community staff"),
        Auth.StaffRole.PropertyManager => T("物业", "Property manager"),
        _ => T("站长", "Station master"),
    };
    public string PriorityName(Shared.Notices.NoticePriority priority) => priority switch
    {
        Shared.Notices.NoticePriority.Urgent => T("紧急", "Urgent"),
        Shared.Notices.NoticePriority.Pinned => T("置顶", "Pinned"),
        _ => T("普通", "Normal"),
    };
    public string ScreenHours => T("屏幕开关时间", "Screen hours");
    public string ScreenScheduled => T("按时间开关屏幕（不勾选则一直开屏）", "Switch the screen by these hours (unticked: always on)");
    public string ScreenAlwaysOn => T("一直开屏", "Always on");
    public string ScreenOffAllDay => T("全天关屏", "Off all day");
    public string ScreenOtherwiseOff => T("其余时间关屏", "off otherwise");
    public string ScreenExceptions => T("特殊日期（每行一个：日期和时段，或日期和“关”）", "Dates with other hours (one a line: the date and its hours, or the date and 关 for off)");
    public string ScreenHoursHint => T(
        "时段写成 07:00-21:30，一天多个用逗号隔开，留空为全天关屏；结束早于开始表示到次日（如 22:00-02:00），00:00-24:00 为全天开屏。按驿站时区计算；关屏时屏幕全黑，居民轻触可唤醒几分钟。",
        "Write a period as 07:00-21:30, several a day separated by commas, blank for off all day; an end before the start is the next morning (22:00-02:00), 00:00-24:00 is all day. In the station's time zone; outside the hours the screen is black and a touch wakes it for a few minutes.");
    public string ScreenDay(DayOfWeek day) => T(Shared.Screen.ScreenHoursRules.Chinese(day), day.ToString()[..3]);
    public string ScreenExceptionCount(int count) => T($"特殊日期 {count} 个", count == 1 ? "1 date with other hours" : $"{count} dates with other hours");
    public string ScreenWeekdayPrefix(string days) => T($"{days}：", $"{days}: ");

    public string CategoryName(Shared.Notices.NoticeCategory category) => category switch
    {
        Shared.Notices.NoticeCategory.Outage => T("停水停电", "Outage"),
        Shared.Notices.NoticeCategory.Fee => T("缴费", "Fees"),
        Shared.Notices.NoticeCategory.Vote => T("议事表决", "Vote"),
        Shared.Notices.NoticeCategory.HonourRoll => T("红榜", "Honour roll"),
        Shared.Notices.NoticeCategory.Policy => T("政策", "Policy"),
        Shared.Notices.NoticeCategory.Activity => T("活动", "Activity"),
        _ => T("一般", "General"),
    };
}
