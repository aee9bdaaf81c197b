using System.Globalization;
using System.Text;
using SignageKiosk.Shared.Content;

namespace SignageKiosk.Shared.Wishes;

/// <summary>The rules of micro-wishes, free of I/O: labels, the claimant's public name, and what a wish and a claim must hold.</summary>
public static class WishRules
{
    public const int MaxTitle = 40;
    public const int MaxDetails = 200;
    public const int MaxName = 20;
    /// <summary>Fulfilled wishes stay on the board this long, as thanks; older ones leave it (staff still see them).</summary>
    public const int FulfilledShownDays = 30;

    public static string CategoryName(WishCategory category) => category switch
    {
        WishCategory.Groceries => "代购",
        WishCategory.Tutoring => "辅导",
        WishCategory.Companionship => "陪伴",
        WishCategory.Repair => "维修",
        _ => "其他",
    };

    public static string StateName(WishState state) => state switch
    {
        WishState.Claimed => "已认领",
        WishState.Fulfilled => "已实现",
        _ => "待认领",
    };

    /// <summary>
    /// How a claimant is named on a board: the first character of their name and one * for each other character
    /// (王小明 → 王**, 李四 → 李*), at most three stars. A board is public; the whole name stays with staff.
    /// </summary>
    public static string PublicName(string name)
    {
        var runes = StaffText.Clean(name).Trim().EnumerateRunes().Where(r => !Rune.IsWhiteSpace(r)).ToList();
        if (runes.Count == 0)
        {
            return "志愿者";
        }
        return runes[0].ToString() + new string('*', Math.Clamp(runes.Count - 1, 1, 3));
    }

    /// <summary>Shape rules for a wish (ContentValidator calls this); the messages are said in Chinese as well.</summary>
    public static void Validate(MicroWish wish, List<ValidationError> errors)
    {
        if (!Enum.IsDefined(wish.Category))
        {
            errors.Add(new("category", "unknown category", "请选择心愿类别"));
        }
        if (!Enum.IsDefined(wish.State))
        {
            errors.Add(new("state", "unknown state", "心愿状态不正确"));
        }
        if (wish.PostedOn.Year is < 2000 or > 2100)
        {
            errors.Add(new("postedOn", "the posting date must be between 2000 and 2100", "请填写正确的发布日期"));
        }
        var claimedBy = StaffText.CleanOrNull(wish.ClaimedBy);
        switch (wish.State)
        {
            case WishState.Open when claimedBy is not null || wish.ClaimedByPartyMember || wish.ClaimedOn is not null || wish.FulfilledOn is not null:
                errors.Add(new("claimedBy", "an open wish has no claimant and no fulfilled date", "待认领的心愿不能有认领人或实现日期"));
                break;
            case WishState.Claimed when string.IsNullOrWhiteSpace(claimedBy):
                errors.Add(new("claimedBy", "a claimed wish names its claimant", "已认领的心愿请填写认领人"));
                break;
            case WishState.Claimed when wish.FulfilledOn is not null:
                errors.Add(new("fulfilledOn", "only a fulfilled wish has a fulfilled date", "只有已实现的心愿才有实现日期"));
                break;
            case WishState.Fulfilled when wish.FulfilledOn is null:
                errors.Add(new("fulfilledOn", "a fulfilled wish has its date", "请填写实现日期"));
                break;
        }
        if (claimedBy is not null)
        {
            if (claimedBy.Length > MaxName)
            {
                errors.Add(new("claimedBy", $"claimedBy is longer than {MaxName} characters", $"认领人最多 {MaxName} 个字"));
            }
            if (claimedBy.Count(char.IsAsciiDigit) >= 3)
            {
                // The board is public: a number there is someone's phone (or part of it).
                errors.Add(new("claimedBy", "claimedBy is a name shown on boards, never a phone number", "认领人只写称呼，不能写电话号码"));
            }
        }
        if (wish.ClaimedOn is { } claimed && claimed < wish.PostedOn)
        {
            errors.Add(new("claimedOn", "claimed before it was posted", "认领日期不能早于发布日期"));
        }
        if (wish.FulfilledOn is { } fulfilled && fulfilled < wish.PostedOn)
        {
            errors.Add(new("fulfilledOn", "fulfilled before it was posted", "实现日期不能早于发布日期"));
        }
    }

    /// <summary>
    /// What a volunteer types on the phone page: a name (1–20 characters, no digits, no control or invisible
    /// characters) and a mainland mobile or landline number. Refused rather than cleaned: they can retype.
    /// </summary>
    public static IReadOnlyList<ValidationError> ValidateClaim(string? name, string? phone)
    {
        var errors = new List<ValidationError>();
        ValidateName(name, errors);
        var digits = NormalisePhone(phone ?? "");
        if (digits.Length == 0)
        {
            errors.Add(new("phone", "phone is required", "请填写手机号码，方便社区工作人员联系您"));
        }
        else if (!IsPhone(digits))
        {
            errors.Add(new("phone", "phone must be a mobile number (11 digits) or a landline", "请填写正确的手机号码（11 位数字）"));
        }
        return errors;
    }

    /// <summary>A claimant's name as typed (phone page or staff page): 1–20 characters, no digits, no control or invisible characters.</summary>
    public static void ValidateName(string? name, List<ValidationError> errors, string field = "name")
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            errors.Add(new(field, "name is required", "请填写姓名或称呼"));
        }
        else if (trimmed.Length > MaxName)
        {
            errors.Add(new(field, $"name is longer than {MaxName} characters", $"姓名最多 {MaxName} 个字"));
        }
        else if (!StaffText.IsClean(trimmed) || trimmed.Any(c => char.IsControl(c) || char.IsAsciiDigit(c)))
        {
            errors.Add(new(field, "name has digits, control or invisible characters", "姓名里不能有数字或特殊字符"));
        }
    }

    /// <summary>The phone as stored: digits only (spaces and dashes dropped).</summary>
    public static string NormalisePhone(string phone) =>
        phone.Trim().Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);

    private static bool IsPhone(string digits) =>
        digits.All(char.IsAsciiDigit) && ((digits.Length == 11 && digits[0] == '1') || digits.Length is >= 7 and <= 12 && digits[0] == '0');

    /// <summary>The dates shown for a wish, e.g. "12月3日".</summary>
    public static string ShortDate(DateOnly date) => date.ToString("M月d日", CultureInfo.InvariantCulture);
}
