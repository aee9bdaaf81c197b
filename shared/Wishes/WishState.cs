namespace SignageKiosk.Shared.Wishes;

/// <summary>Open (待认领) → claimed (已认领, someone confirmed by staff helps) → fulfilled (已实现).</summary>
public enum WishState
{
    Open,
    Claimed,
    Fulfilled,
}
