using SignageKiosk.Controller.Places;
using SignageKiosk.Controller.Storage;

namespace SignageKiosk.Controller.Media;

/// <summary>
/// A kiosk may download a file only while an item it receives (targeted at its places or at it) refers to it,
/// so a kiosk credential cannot read another compound's residents' photos by their hash.
/// </summary>
public sealed class KioskMediaAccess(ControllerDb db, KioskDirectory directory)
{
    public async Task<bool> MayFetchAsync(string kioskId, string sha256, CancellationToken cancellationToken)
    {
        if (await directory.PlacementAsync(kioskId, cancellationToken) is not { } placement)
        {
            return false;
        }
        var inList = string.Join(",", placement.Chain.Select((_, i) => $"@p{i}"));
        var parameters = placement.Chain.Select((id, i) => ($"@p{i}", (object?)id))
            .Append(("@kiosk", kioskId)).Append(("@hash", sha256)).ToArray();
        await using var connection = await db.OpenAsync(cancellationToken);
        // The hash is 64 hex digits (checked by the route), so a plain substring test cannot match by accident.
        return await connection.ScalarAsync<long>(
            $"""
            SELECT EXISTS(SELECT 1 FROM items
                WHERE (target_kiosk_id = @kiosk{(inList.Length > 0 ? $" OR target_place_id IN ({inList})" : "")}) AND instr(payload, @hash) > 0);
            """, null, cancellationToken, parameters) == 1;
    }
}
