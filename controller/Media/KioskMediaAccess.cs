using SignageKiosk.Controller.Places;

namespace SignageKiosk.Controller.Media;

/// <summary>
/// A kiosk may download a file only while an item it receives (targeted at its places or at it) refers to it,
/// so a kiosk credential cannot read another compound's residents' photos by their hash.
/// </summary>
public sealed class KioskMediaAccess(MediaStore media, KioskDirectory directory)
{
    public async Task<bool> MayFetchAsync(string kioskId, string sha256, CancellationToken cancellationToken) =>
        await directory.PlacementAsync(kioskId, cancellationToken) is { } placement
        && await media.IsUsedForKioskAsync(kioskId, placement.Chain, sha256, cancellationToken);
}
