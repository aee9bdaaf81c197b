namespace SignageKiosk.Shared.Reports;

/// <summary>
/// The fixed phrases a resident may touch, per category. Residents never type: a preset list keeps names, insults
/// and other people's numbers off the controller, and needs no moderation. Ids are stable; texts may be reworded.
/// </summary>
public static class ReportPhrases
{
    public sealed record Phrase(string Id, string Text);

    private static readonly Dictionary<ReportCategory, Phrase[]> ByCategory = new()
    {
        [ReportCategory.Repairs] =
        [
            new("repairs.lift", "电梯故障"), new("repairs.light", "楼道灯不亮"), new("repairs.water", "漏水/水管问题"),
            new("repairs.door", "单元门/门禁坏了"), new("repairs.power", "公共用电故障"),
        ],
        [ReportCategory.Cleanliness] =
        [
            new("clean.rubbish", "垃圾未及时清运"), new("clean.stairs", "楼道不干净"), new("clean.pets", "宠物粪便"),
            new("clean.smell", "异味"),
        ],
        [ReportCategory.SafetyHazard] =
        [
            new("safety.exit", "消防通道堵塞"), new("safety.ebike", "电动车楼道充电"), new("safety.falling", "高空坠物风险"),
            new("safety.wire", "电线私拉乱接"), new("safety.extinguisher", "灭火器缺失/过期"),
        ],
        [ReportCategory.Noise] =
        [
            new("noise.renovation", "装修噪音"), new("noise.night", "夜间噪音"), new("noise.dance", "广场舞音量大"),
        ],
        [ReportCategory.Neighbours] =
        [
            new("neighbours.parking", "停车纠纷"), new("neighbours.leak", "楼上漏水到楼下"), new("neighbours.space", "占用公共空间"),
        ],
        [ReportCategory.Suggestion] =
        [
            new("suggest.activity", "希望多办社区活动"), new("suggest.facility", "希望增加便民设施"), new("suggest.service", "对服务有意见"),
        ],
        [ReportCategory.Other] =
        [
            new("other.callback", "请工作人员联系我"),
        ],
    };

    public static IReadOnlyList<Phrase> For(ReportCategory category) => ByCategory.GetValueOrDefault(category) ?? [];

    public static string? Text(ReportCategory category, string id) => For(category).FirstOrDefault(p => p.Id == id)?.Text;
}
