namespace SignageKiosk.Shared.Notices;

public enum NoticePriority
{
    Normal,
    /// <summary>置顶: listed first and carried by the ticker.</summary>
    Pinned,
    /// <summary>紧急: highlighted, listed before everything else.</summary>
    Urgent,
}
