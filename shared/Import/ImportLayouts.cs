using static SignageKiosk.Shared.Import.ImportHeaders;

namespace SignageKiosk.Shared.Import;

/// <summary>
/// The sheets staff actually keep: Chinese headers, with the usual other spellings of each (名字 for 姓名,
/// 手机 for 电话, …). Matching ignores spaces, full-width forms, a trailing colon, "*" and remarks in brackets.
/// </summary>
public static class ImportLayouts
{
    private static readonly string[] PhoneSynonyms = ["手机", "联系电话", "手机号", "手机号码", "电话号码", "联系方式", "联系手机"];
    private static readonly string[] PartySynonyms = ["是否党员", "党员类型", "党员身份", "政治面貌"];
    private static readonly string[] PartyCategorySynonyms = ["党员分类"];
    private static readonly string[] PhonePublicSynonyms = ["是否公开", "公开电话", "电话是否公开", "号码公开", "公开"];

    public static readonly ImportLayout Roster = new(ImportKind.Roster, "楼栋公示",
    [
        new(Building, true, ["楼号", "楼栋号", "栋号", "楼宇"], ["buildingId"]),
        new(Unit, false, ["单元号"], ["unitId"]),
        new(Name, true, ["名字", "人员", "人员姓名"], ["name", "personId"]),
        new(Role, true, ["职务", "身份", "岗位"], ["role"]),
        new(Party, false, PartySynonyms, ["party"]),
        new(Phone, false, PhoneSynonyms, ["phone"]),
        new(PhonePublic, false, PhonePublicSynonyms, ["phonePublic"]),
        new(Households, false, ["联系户数", "联户", "包联户数", "户数"], ["households"]),
        new(PartyCategory, false, PartyCategorySynonyms, [], Exported: false),
    ]);

    public static readonly ImportLayout People = new(ImportKind.People, "人员",
    [
        new(Name, true, ["名字", "人员", "人员姓名"], ["name"]),
        new(Party, false, PartySynonyms, ["party"]),
        new(Phone, false, PhoneSynonyms, ["phone"]),
        new(PhonePublic, false, PhonePublicSynonyms, ["phonePublic"]),
        new(Id, false, ["ID", "人员编号"], ["id"]),
        new(PartyCategory, false, PartyCategorySynonyms, [], Exported: false),
    ]);

    public static readonly ImportLayout DutyShifts = new(ImportKind.DutyShifts, "值班",
    [
        new(OnDuty, true, ["值班人员", "值班员", "姓名", "名字"], ["personName"]),
        new(Post, true, ["值班岗位", "职务", "角色", "班次"], ["role"]),
        new(Phone, false, PhoneSynonyms, ["phone"]),
        new(Start, true, ["开始时间", "起始时间", "上班时间", "值班开始"], ["start"]),
        new(End, true, ["结束时间", "截止时间", "下班时间", "值班结束"], ["end"]),
        new(Location, false, ["值班地点", "位置", "地址"], ["location"]),
    ]);

    public static ImportLayout For(string kind) => kind switch
    {
        ImportKind.Roster => Roster,
        ImportKind.People => People,
        ImportKind.DutyShifts => DutyShifts,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not an import kind"),
    };
}
