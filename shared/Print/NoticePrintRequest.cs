using System.Globalization;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Notices;

namespace SignageKiosk.Shared.Print;

/// <summary>
/// What a printed notice and its phone poster show: the notice's own text, when it is valid, where it comes from,
/// its picture (the stored file's bytes, any format Skia decodes) and the URL its QR code opens.
/// </summary>
public sealed record NoticePrintRequest
{
    public required string Title { get; init; }
    public string Body { get; init; } = "";
    public NoticeCategory Category { get; init; }
    public NoticePriority Priority { get; init; }
    /// <summary>The validity as people read it (<see cref="Validity"/>); null when the notice has no dates.</summary>
    public string? ValidityText { get; init; }
    /// <summary>The station (or, without one, the place) the notice is from.</summary>
    public string? StationName { get; init; }
    public byte[]? Picture { get; init; }
    /// <summary>The public page of the notice: what the QR code carries.</summary>
    public required string Url { get; init; }
    public required DateOnly PrintedOn { get; init; }

    /// <summary>
    /// "2026年12月5日 08:00 至 2026年12月5日 18:00" in the station's time; a notice that ends at midnight ends
    /// the day before ("至 12月20日" for valid-to 21 Dec 00:00), as people say it.
    /// </summary>
    public static string? Validity(DateTimeOffset? from, DateTimeOffset? to, StationClock clock)
    {
        string Day(DateTime local) => local.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);
        string At(DateTime local) => local.TimeOfDay == TimeSpan.Zero ? Day(local) : Day(local) + local.ToString(" HH:mm", CultureInfo.InvariantCulture);
        string Until(DateTime local) => local.TimeOfDay == TimeSpan.Zero ? Day(local.AddDays(-1)) : At(local);
        var start = from is { } f ? At(clock.ToLocal(f)) : null;
        var end = to is { } t ? Until(clock.ToLocal(t)) : null;
        return (start, end) switch
        {
            (null, null) => null,
            ({ } s, null) => $"自 {s} 起",
            (null, { } e) => $"有效至 {e}",
            ({ } s, { } e) when s == e => s,
            ({ } s, { } e) => $"{s} 至 {e}",
        };
    }

    public static string CategoryName(NoticeCategory category) => category switch
    {
        NoticeCategory.Outage => "停水停电",
        NoticeCategory.Fee => "缴费",
        NoticeCategory.Vote => "议事表决",
        NoticeCategory.HonourRoll => "红榜",
        NoticeCategory.Policy => "政策",
        NoticeCategory.Activity => "活动",
        _ => "通知公告",
    };
}
