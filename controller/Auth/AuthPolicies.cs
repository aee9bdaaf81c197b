using System.Security.Claims;

namespace SignageKiosk.Controller.Auth;

public static class AuthPolicies
{
    public const string Scheme = "SignageKioskBearer";
    public const string CookieScheme = "SignageKioskCookie";
    public const string SelectorScheme = "SignageKiosk";
    public const string Staff = nameof(Staff);
    public const string Admin = nameof(Admin);
    public const string Kiosk = nameof(Kiosk);

    public const string KioskClaim = "sk:kiosk";
    public const string RoleClaim = "sk:role";
    public const string ScopeClaim = "sk:scope";
}

public static class CallerExtensions
{
    public static string? KioskId(this ClaimsPrincipal user) => user.FindFirstValue(AuthPolicies.KioskClaim);

    public static StaffRole? StaffRole(this ClaimsPrincipal user) =>
        Enum.TryParse<StaffRole>(user.FindFirstValue(AuthPolicies.RoleClaim), out var role) ? role : null;

    public static string? ScopePlaceId(this ClaimsPrincipal user) => user.FindFirstValue(AuthPolicies.ScopeClaim);

    public static string Actor(this ClaimsPrincipal user) => user.Identity?.Name ?? user.KioskId() ?? "system";
}
