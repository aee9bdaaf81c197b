namespace SignageKiosk.Controller.Wishes;

/// <summary>
/// Someone who offered to help with a wish, as only staff see it: the whole name and, from the phone page, the phone.
/// Never in the change log, never exported.
/// </summary>
public sealed record WishClaim(
    long Id, string WishId, string Source, string Name, string? Phone, string? PersonId, bool SaysParty, bool PartyConfirmed,
    string State, DateTimeOffset CreatedAt, DateTimeOffset? DecidedAt, string? DecidedBy)
{
    public const string FromPhone = "phone";
    public const string FromStaff = "staff";

    public const string Pending = "pending";
    public const string Confirmed = "confirmed";
    public const string Rejected = "rejected";
    /// <summary>Another claim for the same wish was confirmed first.</summary>
    public const string Superseded = "superseded";
}
