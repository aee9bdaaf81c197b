using SignageKiosk.Shared.Content;

namespace SignageKiosk.Shared.Broadcasts;

/// <summary>
/// An emergency broadcast (紧急通知): takes over every targeted screen from <see cref="StartsAt"/> until
/// <see cref="EndsAt"/> or until staff clear it. It travels through the change log like any item, so a kiosk
/// that comes back while it is live shows it at once, and one that comes back after it ended never does.
/// </summary>
public sealed record EmergencyBroadcast : ContentItem
{
    /// <summary>The longest a broadcast may run; longer news is a notice.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(3);

    public required string Title { get; init; }
    public string Body { get; init; } = "";
    public required DateTimeOffset StartsAt { get; init; }
    public required DateTimeOffset EndsAt { get; init; }
    /// <summary>Set when staff clear it early; the board returns to what it was showing.</summary>
    public DateTimeOffset? ClearedAt { get; init; }

    public bool IsLiveAt(DateTimeOffset now) => StartsAt <= now && now < EndsAt && (ClearedAt is null || now < ClearedAt);
}
