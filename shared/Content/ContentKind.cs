namespace SignageKiosk.Shared.Content;

/// <summary>The kinds of item that travel through the change log. The string is the wire and URL name.</summary>
public static class ContentKind
{
    public const string Place = "places";
    public const string Station = "stations";
    public const string Kiosk = "kiosks";
    public const string Person = "people";
    public const string RosterEntry = "roster";
    public const string Activity = "activities";
    public const string Hotline = "hotlines";
    public const string DutyShift = "duty-shifts";
    public const string Notice = "notices";
    public const string EmergencySupply = "supplies";
    public const string EmergencyBroadcast = "broadcasts";
    public const string Holiday = "holidays";
    /// <summary>Micro-wishes (微心愿) staff post on behalf of residents; issue 15.</summary>
    public const string MicroWish = "wishes";
    /// <summary>This month's report figures per compound (Reports.ReportFigures); made by the controller, never by staff.</summary>
    public const string ReportFigures = "report-figures";

    /// <summary>Content items that staff create, as opposed to the structure (places, stations, kiosks).</summary>
    public static readonly IReadOnlyDictionary<string, Type> Items = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        [Person] = typeof(Roster.Person),
        [RosterEntry] = typeof(Roster.RosterEntry),
        [Activity] = typeof(Activities.Activity),
        [Hotline] = typeof(Hotlines.Hotline),
        [DutyShift] = typeof(Duty.DutyShift),
        [Notice] = typeof(Notices.Notice),
        [EmergencySupply] = typeof(Supplies.EmergencySupply),
        [EmergencyBroadcast] = typeof(Broadcasts.EmergencyBroadcast),
        [Holiday] = typeof(Holidays.Holiday),
        [MicroWish] = typeof(Wishes.MicroWish),
    };

    public static bool IsItemKind(string kind) => Items.ContainsKey(kind);

    /// <summary>What staff call one item of a kind, for messages in Chinese ("通知 n-1 不存在"); the URL name when there is none.</summary>
    public static string Chinese(string kind) => kind switch
    {
        Place => "地点",
        Station => "驿站",
        Kiosk => "屏幕",
        Person => "人员",
        RosterEntry => "楼栋公示条目",
        Activity => "活动",
        Hotline => "服务热线",
        DutyShift => "值班",
        Notice => "通知",
        EmergencySupply => "应急物资",
        EmergencyBroadcast => "紧急通知",
        Holiday => "节假日",
        MicroWish => "微心愿",
        _ => kind,
    };
}
