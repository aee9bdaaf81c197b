namespace SignageKiosk.Controller.Wishes;

/// <summary>What became of a claim sent from the phone page.</summary>
public enum PublicClaimResult
{
    Received,
    /// <summary>No such wish (never posted or withdrawn).</summary>
    NotFound,
    /// <summary>Someone already helps; the wish is no longer open.</summary>
    NotOpen,
    /// <summary>This address sent too many claims in the last hour, or the wish has too many waiting.</summary>
    TooMany,
}
