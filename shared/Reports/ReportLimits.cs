namespace SignageKiosk.Shared.Reports;

/// <summary>
/// Reports:Limits — how many reports the controller takes before it refuses more (issue 15, abuse limits;
/// docs/decisions/0030). Hours and days are rolling windows ending now. The "address" is the resident's building and
/// unit (a building without a unit is its own address), for reports from a board and from the phone page alike; the
/// client address is the phone page's network address.
/// </summary>
public sealed class ReportLimits
{
    public const string Section = "Reports:Limits";

    /// <summary>Reports made at one board (not on phones through its QR code) in the last hour.</summary>
    public int PerKioskPerHour { get; set; } = 30;
    /// <summary>Reports leaving the same call-back number, from anywhere, in the last 24 hours.</summary>
    public int PerPhonePerDay { get; set; } = 3;
    /// <summary>Reports about the same building and unit, from anywhere, in the last 24 hours.</summary>
    public int PerAddressPerDay { get; set; } = 5;
    /// <summary>Reports from the phone page from one network address in the last hour.</summary>
    public int PerClientAddressPerHour { get; set; } = 10;
    /// <summary>Look-ups and ratings on the phone status page from one network address in an hour (references are sequential).</summary>
    public int LookUpsPerClientAddressPerHour { get; set; } = 60;

    public bool IsValid => Problem() is null;

    /// <summary>What is wrong with these settings, or null: the first limit below 1, named.</summary>
    public string? Problem()
    {
        foreach (var (name, value) in new[]
        {
            (nameof(PerKioskPerHour), PerKioskPerHour), (nameof(PerPhonePerDay), PerPhonePerDay), (nameof(PerAddressPerDay), PerAddressPerDay),
            (nameof(PerClientAddressPerHour), PerClientAddressPerHour), (nameof(LookUpsPerClientAddressPerHour), LookUpsPerClientAddressPerHour),
        })
        {
            if (value < 1)
            {
                return $"设置 {Section}:{name} 须至少为 1 ({Section}:{name} must be at least 1)";
            }
        }
        return null;
    }
}

/// <summary>Reports already stored that a new one would count with; null where that limit does not apply.</summary>
public sealed record ReportCounts(int? KioskLastHour, int? PhoneLastDay, int AddressLastDay, int? ClientAddressLastHour);

/// <summary>Whether one more report is allowed, and if not a Chinese sentence naming the limit.</summary>
public static class ReportLimitRules
{
    public static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    public static readonly TimeSpan Day = TimeSpan.FromDays(1);

    public static string? Refusal(ReportLimits limits, ReportCounts counts)
    {
        if (counts.ClientAddressLastHour >= limits.PerClientAddressPerHour)
        {
            return $"同一网络一小时内最多提交 {limits.PerClientAddressPerHour} 条反映，已达上限，请稍后再试，或到驿站当面反映";
        }
        if (counts.KioskLastHour >= limits.PerKioskPerHour)
        {
            return $"这块屏一小时内最多受理 {limits.PerKioskPerHour} 条反映，已达上限，请稍后再试，或到驿站当面反映";
        }
        if (counts.PhoneLastDay >= limits.PerPhonePerDay)
        {
            return $"同一联系电话一天内最多反映 {limits.PerPhonePerDay} 次，已达上限，请明天再试，或直接联系驿站";
        }
        if (counts.AddressLastDay >= limits.PerAddressPerDay)
        {
            return $"同一楼栋单元一天内最多受理 {limits.PerAddressPerDay} 条反映，已达上限，请明天再试，或到驿站当面反映";
        }
        return null;
    }
}
