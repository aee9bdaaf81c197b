using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Media;

namespace SignageKiosk.Shared.Notices;

/// <summary>A notice (通知公告). The body is plain text: boards show it as text, never as markup.</summary>
public sealed record Notice : ContentItem
{
    public required string Title { get; init; }
    public string Body { get; init; } = "";
    public NoticeCategory Category { get; init; }
    public NoticePriority Priority { get; init; }
    public DateTimeOffset? ValidFrom { get; init; }
    public DateTimeOffset? ValidTo { get; init; }
    public MediaRef? Image { get; init; }

    public override IEnumerable<MediaRef> Media() => Image is null ? [] : [Image];

    public bool IsValidAt(DateTimeOffset now) =>
        (ValidFrom is null || ValidFrom <= now) && (ValidTo is null || now < ValidTo);
}
