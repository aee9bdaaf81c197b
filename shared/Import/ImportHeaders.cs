namespace SignageKiosk.Shared.Import;

/// <summary>The column headers of the import and export sheets, as staff write them.</summary>
public static class ImportHeaders
{
    public const string Building = "楼栋";
    public const string Unit = "单元";
    public const string Name = "姓名";
    public const string Role = "角色";
    public const string Party = "党员";
    /// <summary>Which kind of member (在职党员, 双报到党员, …), kept beside 政治面貌 in many offices' sheets.</summary>
    public const string PartyCategory = "党员类别";
    public const string Phone = "电话";
    public const string PhonePublic = "电话公开";
    public const string Households = "联户数";
    public const string Id = "编号";
    public const string OnDuty = "值班人";
    public const string Post = "岗位";
    public const string Start = "开始";
    public const string End = "结束";
    public const string Location = "地点";
}
