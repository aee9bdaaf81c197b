using System.Globalization;
using System.Security.Claims;

namespace SignageKiosk.Controller.Auth;

/// <summary>The claims a signed-in staff member carries, the same for a bearer token and the page cookie.</summary>
public static class StaffClaims
{
    /// <summary>The account's security stamp when the session began; a session whose stamp is no longer the account's ends.</summary>
    public const string StampClaim = "sk:stamp";

    /// <summary>Present while the account must change its password before doing anything else.</summary>
    public const string MustChangePasswordClaim = "sk:must-change-password";

    public static List<Claim> For(StaffUser user)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString(CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, user.Username),
            new(AuthPolicies.RoleClaim, user.Role.ToString()),
            new(StampClaim, user.SecurityStamp),
        };
        if (user.ScopePlaceId is not null)
        {
            claims.Add(new Claim(AuthPolicies.ScopeClaim, user.ScopePlaceId));
        }
        if (user.MustChangePassword)
        {
            claims.Add(new Claim(MustChangePasswordClaim, "true"));
        }
        return claims;
    }

    public static long? UserId(this ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    public static bool MustChangePassword(this ClaimsPrincipal principal) => principal.HasClaim(c => c.Type == MustChangePasswordClaim);
}
