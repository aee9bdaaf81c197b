using System.Globalization;
using SignageKiosk.Shared.Roster;

namespace SignageKiosk.Shared.Import;

/// <summary>The words staff use for roles, Party membership and yes/no, both ways (import reads, export writes).</summary>
public static class ImportValues
{
    private static readonly Dictionary<string, RosterRole> Roles = new(StringComparer.OrdinalIgnoreCase)
    {
        ["楼栋长"] = RosterRole.BuildingHead,
        ["楼长"] = RosterRole.BuildingHead,
        ["栋长"] = RosterRole.BuildingHead,
        ["单元长"] = RosterRole.UnitHead,
        ["党员中心户长"] = RosterRole.PartyHouseholdHead,
        ["党员中心户"] = RosterRole.PartyHouseholdHead,
        ["中心户长"] = RosterRole.PartyHouseholdHead,
        ["红领管家"] = RosterRole.RedSteward,
        ["楼栋管家"] = RosterRole.RedSteward,
        ["网格员"] = RosterRole.GridWorker,
        ["治安调解员"] = RosterRole.SecurityMediator,
        ["调解员"] = RosterRole.SecurityMediator,
        ["物业监督员"] = RosterRole.PropertySupervisor,
        ["志愿者"] = RosterRole.Volunteer,
    };

    /// <summary>
    /// 党员 or 政治面貌 as people fill it in. Members: 中共党员 and 中共预备党员 (a probationary member is a
    /// member; the kind defaults to 居住地党员 unless 党员类别 says otherwise). Not members: 共青团员, 群众,
    /// 无党派人士 and the eight democratic parties, by their full and short names and their members' titles.
    /// </summary>
    private static readonly Dictionary<string, PartyMembership> Party = new(StringComparer.OrdinalIgnoreCase)
    {
        [""] = PartyMembership.None,
        ["否"] = PartyMembership.None,
        ["无"] = PartyMembership.None,
        ["不是"] = PartyMembership.None,
        ["非党员"] = PartyMembership.None,
        ["群众"] = PartyMembership.None,
        ["共青团员"] = PartyMembership.None,
        ["团员"] = PartyMembership.None,
        ["中国共产主义青年团团员"] = PartyMembership.None,
        ["少先队员"] = PartyMembership.None,
        ["无党派人士"] = PartyMembership.None,
        ["无党派"] = PartyMembership.None,
        ["民主党派"] = PartyMembership.None,
        ["中国国民党革命委员会"] = PartyMembership.None,
        ["民革"] = PartyMembership.None,
        ["民革党员"] = PartyMembership.None,
        ["中国民主同盟"] = PartyMembership.None,
        ["民盟"] = PartyMembership.None,
        ["民盟盟员"] = PartyMembership.None,
        ["中国民主建国会"] = PartyMembership.None,
        ["民建"] = PartyMembership.None,
        ["民建会员"] = PartyMembership.None,
        ["中国民主促进会"] = PartyMembership.None,
        ["民进"] = PartyMembership.None,
        ["民进会员"] = PartyMembership.None,
        ["中国农工民主党"] = PartyMembership.None,
        ["农工党"] = PartyMembership.None,
        ["农工党党员"] = PartyMembership.None,
        ["中国致公党"] = PartyMembership.None,
        ["致公党"] = PartyMembership.None,
        ["致公党党员"] = PartyMembership.None,
        ["九三学社"] = PartyMembership.None,
        ["九三学社社员"] = PartyMembership.None,
        ["台湾民主自治同盟"] = PartyMembership.None,
        ["台盟"] = PartyMembership.None,
        ["台盟盟员"] = PartyMembership.None,
        ["党员"] = PartyMembership.Resident,
        ["是"] = PartyMembership.Resident,
        ["中共党员"] = PartyMembership.Resident,
        ["中国共产党党员"] = PartyMembership.Resident,
        ["共产党员"] = PartyMembership.Resident,
        ["中共预备党员"] = PartyMembership.Resident,
        ["预备党员"] = PartyMembership.Resident,
        ["居住地党员"] = PartyMembership.Resident,
        ["双报到"] = PartyMembership.Registered,
        ["双报到党员"] = PartyMembership.Registered,
        ["下沉党员"] = PartyMembership.Registered,
        ["报到党员"] = PartyMembership.Registered,
        ["在职党员"] = PartyMembership.Serving,
    };

    /// <summary>党员类别: the kind of member; a dash or 无 says "none given".</summary>
    private static readonly Dictionary<string, PartyMembership?> PartyCategories = new(StringComparer.OrdinalIgnoreCase)
    {
        [""] = null,
        ["无"] = null,
        ["否"] = null,
        ["-"] = null,
        ["/"] = null,
        ["在职党员"] = PartyMembership.Serving,
        ["在职"] = PartyMembership.Serving,
        ["双报到党员"] = PartyMembership.Registered,
        ["双报到"] = PartyMembership.Registered,
        ["下沉党员"] = PartyMembership.Registered,
        ["下沉"] = PartyMembership.Registered,
        ["报到党员"] = PartyMembership.Registered,
        ["居住地党员"] = PartyMembership.Resident,
        ["居住地"] = PartyMembership.Resident,
    };

    public const string PartyWords = "否、群众、共青团员、无党派人士、民主党派名称、党员、中共党员、中共预备党员、居住地党员、双报到、下沉党员、在职党员";
    public const string PartyCategoryWords = "在职党员、双报到党员、下沉党员、居住地党员";

    private static readonly Dictionary<string, bool> YesNo = new(StringComparer.OrdinalIgnoreCase)
    {
        [""] = false,
        ["否"] = false,
        ["不公开"] = false,
        ["no"] = false,
        ["n"] = false,
        ["false"] = false,
        ["0"] = false,
        ["×"] = false,
        ["是"] = true,
        ["公开"] = true,
        ["yes"] = true,
        ["y"] = true,
        ["true"] = true,
        ["1"] = true,
        ["√"] = true,
        ["✓"] = true,
    };

    public static string RoleNames => string.Join("、", Enum.GetValues<RosterRole>().Select(RoleName));

    public static bool TryRole(string cell, out RosterRole role)
    {
        var text = ImportText.Fold(cell).Replace(" ", "", StringComparison.Ordinal);
        // The API's own names (buildingHead) are accepted too, for files made by scripts.
        return Roles.TryGetValue(text, out role) || (Enum.TryParse(text, ignoreCase: true, out role) && Enum.IsDefined(role) && !char.IsAsciiDigit(text[0]));
    }

    public static string RoleName(RosterRole role) => role switch
    {
        RosterRole.BuildingHead => "楼栋长",
        RosterRole.UnitHead => "单元长",
        RosterRole.PartyHouseholdHead => "党员中心户长",
        RosterRole.RedSteward => "红领管家",
        RosterRole.GridWorker => "网格员",
        RosterRole.SecurityMediator => "治安调解员",
        RosterRole.PropertySupervisor => "物业监督员",
        RosterRole.Volunteer => "志愿者",
        _ => role.ToString(),
    };

    public static bool TryParty(string cell, out PartyMembership party) =>
        Party.TryGetValue(ImportText.Fold(cell).Replace(" ", "", StringComparison.Ordinal), out party);

    /// <summary>A 党员类别 cell: the kind it names, or null when it names none (empty, 无, a dash).</summary>
    public static bool TryPartyCategory(string cell, out PartyMembership? kind) =>
        PartyCategories.TryGetValue(ImportText.Fold(cell).Replace(" ", "", StringComparison.Ordinal), out kind);

    public static string PartyName(PartyMembership party) => party switch
    {
        PartyMembership.Resident => "居住地党员",
        PartyMembership.Registered => "双报到",
        PartyMembership.Serving => "在职党员",
        _ => "否",
    };

    public static bool TryYesNo(string cell, out bool value) => YesNo.TryGetValue(ImportText.Fold(cell).Replace(" ", "", StringComparison.Ordinal), out value);

    public static string YesNoName(bool value) => value ? "是" : "否";

    /// <summary>A count such as 联户数: "26", "２６" or "26户".</summary>
    public static bool TryCount(string cell, out int value)
    {
        var text = ImportText.Fold(cell).TrimEnd('户').Trim();
        // Excel keeps whole numbers it was given as text as "26" but computed ones may come as "26.0".
        if (decimal.TryParse(text, NumberStyles.Integer | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
            && number == decimal.Truncate(number) && number is >= int.MinValue and <= int.MaxValue)
        {
            value = (int)number;
            return true;
        }
        value = 0;
        return false;
    }
}
