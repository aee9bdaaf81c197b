using System.Security.Claims;

namespace SignageKiosk.Controller.Auth;

/// <summary>The claims a signed-in staff member carries, the same for a bearer token and the page cookie.</summary>
public static class StaffClaims
{
    public static List<Claim> For(StaffUser user)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, user.Username),
            new(AuthPolicies.RoleClaim, user.Role.ToString()),
        };
        if (user.ScopePlaceId is not null)
        {
            claims.Add(new Claim(AuthPolicies.ScopeClaim, user.ScopePlaceId));
        }
        return claims;
    }
}
