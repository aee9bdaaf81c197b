using SignageKiosk.Controller.Api.Paging;

namespace SignageKiosk.Controller.ProofOfDisplay;

/// <summary>
/// "Was this notice shown at this place in this time?": per screen at the place, the seconds per hour and in all.
/// Hours are whole UTC hours; <see cref="HourSeconds.Local"/> gives each in the screen's station zone.
/// </summary>
public sealed record ProofAnswer
{
    public required string NoticeId { get; init; }
    /// <summary>The notice's title while it exists; a deleted notice's records still answer.</summary>
    public string? NoticeTitle { get; init; }
    /// <summary>Null for an administrator asking about every screen.</summary>
    public string? PlaceId { get; init; }
    public string? PlaceName { get; init; }
    public required DateTimeOffset From { get; init; }
    public required DateTimeOffset To { get; init; }
    public bool Shown => TotalSeconds > 0;
    public int TotalSeconds { get; init; }
    /// <summary>How many of all the screens at the place showed it (not only this page's).</summary>
    public int ScreensShown { get; init; }
    /// <summary>
    /// One page of the screens at the place (decision 0036): those that showed it first, most seconds first, then by
    /// name; <c>q</c> finds a screen by name or id. A district holds thousands.
    /// </summary>
    public required ListPage<Screen> Kiosks { get; init; }

    public sealed record Screen
    {
        public required string KioskId { get; init; }
        public required string Name { get; init; }
        public required string PlaceId { get; init; }
        public string? PlaceName { get; init; }
        public required string StationId { get; init; }
        public string? StationName { get; init; }
        public required string TimeZone { get; init; }
        public bool Shown => TotalSeconds > 0;
        public int TotalSeconds { get; init; }
        /// <summary>Start of the first and end of the last hour it was shown in.</summary>
        public DateTimeOffset? FirstShown { get; init; }
        public DateTimeOffset? LastShown { get; init; }
        public required IReadOnlyList<HourSeconds> Hours { get; init; }
    }

    public sealed record HourSeconds(DateTimeOffset Hour, string Local, int Seconds);
}
