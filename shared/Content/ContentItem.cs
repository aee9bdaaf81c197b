using SignageKiosk.Shared.Media;

namespace SignageKiosk.Shared.Content;

/// <summary>Everything staff publish to boards: one id, one target, and the media files it needs.</summary>
public abstract record ContentItem
{
    public required string Id { get; init; }
    public required ItemTarget Target { get; init; }

    /// <summary>Files the item needs on screen; a board shows the item only once all of them are verified.</summary>
    public virtual IEnumerable<MediaRef> Media() => [];
}
