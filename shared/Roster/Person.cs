using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Media;

namespace SignageKiosk.Shared.Roster;

/// <summary>Someone named on a roster. Their phone is shown only if they agreed to it being public.</summary>
public sealed record Person : ContentItem
{
    public required string Name { get; init; }
    public PartyMembership Party { get; init; }
    public string? Phone { get; init; }
    /// <summary>False: the number never leaves the controller whole; kiosks and most staff get <see cref="PhoneMask.Mask"/> (*******5678).</summary>
    public bool PhonePublic { get; init; }
    public MediaRef? Photo { get; init; }

    public override IEnumerable<MediaRef> Media() => Photo is null ? [] : [Photo];

    /// <summary>This person as anyone without the right to private numbers may see them: a private number masked.</summary>
    public Person WithPrivatePhoneMasked() => PhonePublic || string.IsNullOrEmpty(Phone) ? this : this with { Phone = PhoneMask.Mask(Phone) };
}
