namespace SignageKiosk.Shared.Board;

/// <summary>The words of the 我要反映 and 查询进度 screens.</summary>
public sealed partial class BoardText
{
    public string Report => T("我要反映", "Report a problem");
    public string ReportHint => T("报修 · 投诉 · 查进度", "Repairs, complaints, ideas, progress");
    public string ReportLookup => T("查询进度", "Check progress");
    public string ReportStepOf(int step, int of) => _zh ? $"第 {step} 步，共 {of} 步" : $"Step {step} of {of}";
    public string ReportChooseCategory => T("请选择要反映的事情", "What is it about?");
    public string ReportChooseBuilding => T("是哪一栋楼？", "Which building?");
    public string ReportNoBuildings => T("本屏所在地点没有可选的楼栋，请联系工作人员", "No building can be chosen at this screen; please ask staff");
    public string ReportChooseUnit => T("哪个单元？（可以不选）", "Which entrance? (optional)");
    public string ReportWholeBuilding => T("不选单元", "No particular entrance");
    public string ReportChoosePhrases => T("情况是？（可多选，也可以不选）", "What is happening? (any, or none)");
    public string ReportPhone => T("留个电话，方便工作人员联系您（可以不留）", "A phone number for staff to call you back (optional)");
    public string ReportPhoneHint => T("电话只给工作人员回访用，不会显示在屏幕上", "Only staff see it, to call you back; it is never shown on a screen");
    public string ReportPhoneInvalid => T("电话号码应为 7 到 15 位数字", "A phone number has 7 to 15 digits");
    public string ReportNoPhone => T("不留电话", "No phone number");
    public string ReportConfirm => T("请确认以下内容", "Please check");
    public string ReportCategoryLabel => T("类别", "About");
    public string ReportBuildingLabel => T("楼栋", "Building");
    public string ReportUnitLabel => T("单元", "Entrance");
    public string ReportPhrasesLabel => T("情况", "What");
    public string ReportPhoneLabel => T("电话", "Phone");
    public string ReportNone => T("未选", "none");
    public string ReportSubmit => T("确认提交", "Send");
    public string ReportNext => T("下一步", "Next");
    public string ReportBack => T("上一步", "Back");
    public string ReportClear => T("清除", "Clear");
    public string ReportDelete => T("删除", "Delete");
    public string ReportSending => T("正在提交，请稍候……", "Sending…");
    public string ReportDeliveredTitle => T("已送达，您的反映编号是", "Received. Your reference is");
    public string ReportDeliveredHint => T("请记下这个编号，可以在“查询进度”里查看处理情况", "Note it down: 查询进度 shows how it is going");
    public string ReportSavedTitle => T("已保存，网络恢复后自动送达", "Saved: it will be sent when the network is back");
    public string ReportSavedPhone => T("如果您留了电话，工作人员会打电话联系您", "If you left a phone number, staff will call you");
    public string ReportSavedQr => T("用手机扫描右边的二维码也可以反映，联网时马上就能拿到编号", "Or scan the code on the right with your phone: online it gives you a reference at once");
    public string ReportRefusedTitle => T("这条反映没有被受理：", "This report was not accepted:");
    public string ReportAnother => T("再反映一件", "Report another");
    public string ReportScan => T("用手机扫码反映", "Scan to report from your phone");
    public string ReportFiguresTitle => T("本月接诉即办", "This month's reports");
    public string ReportFiguresMonth(string month) => _zh ? $"{month} 接诉即办" : $"Reports in {month}";
    public string ReportFiguresNone => T("本月暂无数据", "No figures yet this month");
    public string ReportReceived => T("受理", "Received");
    public string ReportResolved => T("办结", "Resolved");
    public string ReportInTime => T("按时办结率", "Resolved in time");
    public string ReportMedianDays => T("中位办结天数", "Median time to resolve");
    public string ReportSatisfied => T("满意率", "Satisfied");
    public string ReportCount(int count) => _zh ? $"{count} 件" : count.ToString(System.Globalization.CultureInfo.InvariantCulture);
    public string ReportDays(string days) => _zh ? $"{days} 天" : $"{days} days";

    public string LookupPrompt => T("请输入反映编号中的数字", "Type the digits of your reference");
    public string LookupSubmit => T("查询", "Look up");
    public string LookupSearching => T("正在查询……", "Looking up…");
    public string LookupReference => T("编号", "Reference");
    public string LookupState => T("状态", "State");
    public string LookupReceivedAt => T("受理时间", "Received");
    public string LookupResolvedAt => T("办结时间", "Resolved");
    public string LookupReply => T("答复", "Reply");
    public string LookupRating => T("您的评价", "Your rating");
    public string LookupRatePrompt => T("请您对处理结果评价：", "How was it handled?");
    public string LookupThanks => T("谢谢您的评价", "Thank you for your rating");
}
