namespace SignageKiosk.Shared.Content;

/// <summary>Where an item goes: exactly one place (and every kiosk under it) or exactly one kiosk.</summary>
public sealed record ItemTarget
{
    public string? PlaceId { get; init; }
    public string? KioskId { get; init; }

    public static ItemTarget Place(string placeId) => new() { PlaceId = placeId };
    public static ItemTarget Kiosk(string kioskId) => new() { KioskId = kioskId };

    public override string ToString() => PlaceId is not null ? $"place:{PlaceId}" : $"kiosk:{KioskId}";
}
