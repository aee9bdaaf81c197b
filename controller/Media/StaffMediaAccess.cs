using System.Security.Claims;
using SignageKiosk.Controller.Auth;

namespace SignageKiosk.Controller.Media;

/// <summary>
/// Staff other than administrators may download a file only if an item or a submission in their area uses it, or
/// they uploaded it themselves (to see it before it is used): residents' photos of another community stay theirs.
/// </summary>
public sealed class StaffMediaAccess(MediaStore media)
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
        return await media.IsUsedInAreaAsync(caller.ScopePlaceId(), caller.Actor(), sha256, cancellationToken);
    }
}
