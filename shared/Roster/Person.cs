using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Media;

namespace SignageKiosk.Shared.Roster;

/// <summary>Someone named on a roster. Their phone is shown only if they agreed to it being public.</summary>
public sealed record Person : ContentItem
{
    public required string Name { get; init; }
    public PartyMembership Party { get; init; }
    public string? Phone { get; init; }
    /// <summary>False: the board masks the number (138****5678).</summary>
    public bool PhonePublic { get; init; }
    public MediaRef? Photo { get; init; }

    public override IEnumerable<MediaRef> Media() => Photo is null ? [] : [Photo];
}
