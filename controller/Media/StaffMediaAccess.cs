using System.Security.Claims;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Places;
using SignageKiosk.Controller.Storage;

namespace SignageKiosk.Controller.Media;

/// <summary>
/// Staff other than administrators may download a file only if an item or a submission in their area uses it, or
/// they uploaded it themselves (to see it before it is used): residents' photos of another community stay theirs.
/// </summary>
public sealed class StaffMediaAccess(ControllerDb db)
{
    public async Task<bool> MayFetchAsync(ClaimsPrincipal caller, string sha256, CancellationToken cancellationToken)
    {
        if (caller.StaffRole() is not { } role)
        {
            return false;
        }
        if (role == StaffRole.Admin)
        {
            return true;
        }
        await using var connection = await db.OpenAsync(cancellationToken);
        // The hash is 64 hex digits (checked by the route), so a plain substring test cannot match by accident.
        return await connection.ScalarAsync<long>(
            $"""
            WITH RECURSIVE {PlaceArea.Cte},
            area_kiosks(id) AS (
                SELECT k.id FROM kiosks k JOIN stations s ON s.id = k.station_id WHERE coalesce(k.place_id, s.place_id) IN (SELECT id FROM area))
            SELECT EXISTS(SELECT 1 FROM media_uploads WHERE sha256 = @hash AND actor = @actor)
                OR EXISTS(SELECT 1 FROM items WHERE (target_place_id IN (SELECT id FROM area) OR target_kiosk_id IN (SELECT id FROM area_kiosks))
                    AND instr(payload, @hash) > 0)
                OR EXISTS(SELECT 1 FROM submissions WHERE (target_place_id IN (SELECT id FROM area) OR target_kiosk_id IN (SELECT id FROM area_kiosks))
                    AND instr(payload, @hash) > 0);
            """, null, cancellationToken, ("@scope", caller.ScopePlaceId()), ("@hash", sha256), ("@actor", caller.Actor())) == 1;
    }
}
