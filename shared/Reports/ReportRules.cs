using SignageKiosk.Shared.Content;

namespace SignageKiosk.Shared.Reports;

/// <summary>What makes a report acceptable, the same on the kiosk (before storing it) and on the controller.</summary>
public static class ReportRules
{
    public const int MaxKeyLength = 64;
    public const int MaxPhrases = 5;
    public const int MinPhoneDigits = 7;
    public const int MaxPhoneDigits = 15;
    /// <summary>How far ahead of the controller's clock a report may be stamped (a kiosk clock a little fast).</summary>
    public static readonly TimeSpan MaxAhead = TimeSpan.FromMinutes(10);

    /// <summary>
    /// A phone number as stored: spaces, dashes, dots and brackets dropped, a leading + kept out; null for none given,
    /// and the input unchanged when it holds anything else (so <see cref="Problem"/> refuses it).
    /// </summary>
    public static string? NormalisePhone(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return null;
        }
        var trimmed = phone.Trim();
        if (trimmed.StartsWith('+'))
        {
            trimmed = trimmed[1..];
        }
        var digits = new string(trimmed.Where(c => c is not (' ' or '-' or '.' or '(' or ')')).ToArray());
        return digits;
    }

    /// <summary>The report with its phone normalised and its phrases deduplicated in order.</summary>
    public static ResidentReport Normalised(ResidentReport report) => report with
    {
        Phone = NormalisePhone(report.Phone),
        Phrases = report.Phrases is null ? [] : [.. report.Phrases.Distinct(StringComparer.Ordinal)],
        UnitId = string.IsNullOrEmpty(report.UnitId) ? null : report.UnitId,
    };

    /// <summary>Why the (normalised) report is refused, in Chinese for staff and residents; null when it is fine.</summary>
    public static string? Problem(ResidentReport? report, DateTimeOffset now)
    {
        if (report is null)
        {
            return "请发送反映内容";
        }
        if (string.IsNullOrEmpty(report.IdempotencyKey) || report.IdempotencyKey.Length > MaxKeyLength || !Guid.TryParse(report.IdempotencyKey, out _))
        {
            return "反映编号（idempotencyKey）必须是一个 GUID";
        }
        if (!ReportCategories.IsKnown(report.Category))
        {
            return "请选择反映类别：报修、环境卫生、安全隐患、噪音扰民、邻里纠纷、意见建议或其他";
        }
        if (!IsId(report.BuildingId))
        {
            return "请选择楼栋";
        }
        if (report.UnitId is not null && !IsId(report.UnitId))
        {
            return "单元编号不正确";
        }
        var phrases = report.Phrases ?? [];
        if (phrases.Count > MaxPhrases)
        {
            return $"最多选择 {MaxPhrases} 个描述";
        }
        foreach (var phrase in phrases)
        {
            if (phrase is null || ReportPhrases.Text(report.Category, phrase) is null)
            {
                return $"“{ReportCategories.Label(report.Category)}”没有这个描述可选";
            }
        }
        if (report.Phone is { } phone && (phone.Length is < MinPhoneDigits or > MaxPhoneDigits || phone.Any(c => !char.IsAsciiDigit(c))))
        {
            return $"联系电话须为 {MinPhoneDigits}–{MaxPhoneDigits} 位数字";
        }
        if (report.CreatedAt == default || report.CreatedAt > now + MaxAhead)
        {
            return "反映时间不正确";
        }
        return null;
    }

    private static bool IsId(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= ContentValidator.MaxIdLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
