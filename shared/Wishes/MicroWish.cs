using SignageKiosk.Shared.Content;

namespace SignageKiosk.Shared.Wishes;

/// <summary>
/// A micro-wish (微心愿) staff post on behalf of a resident: what is wished for, never who wishes it. Who it is for
/// (name, address) stays in a controller-only note; the claimant's whole name and phone stay in the controller's
/// claims table. Boards get only what this record holds: the claimant as a masked name (王**) and whether staff
/// confirmed them as a Party member.
/// </summary>
public sealed record MicroWish : ContentItem
{
    /// <summary>e.g. 每周代购蔬菜</summary>
    public required string Title { get; init; }
    /// <summary>A short line more (when, how often), optional.</summary>
    public string? Details { get; init; }
    public WishCategory Category { get; init; }
    public WishState State { get; init; }
    /// <summary>Station-local date it was posted.</summary>
    public required DateOnly PostedOn { get; init; }
    /// <summary>The claimant as the board shows them: <see cref="WishRules.PublicName"/> of their name, never a phone.</summary>
    public string? ClaimedBy { get; init; }
    /// <summary>True only when staff confirmed the claimant's Party membership (a roster person's, or checked by hand).</summary>
    public bool ClaimedByPartyMember { get; init; }
    public DateOnly? ClaimedOn { get; init; }
    public DateOnly? FulfilledOn { get; init; }
}
