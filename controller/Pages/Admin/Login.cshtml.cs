using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Web;

namespace SignageKiosk.Controller.Pages.Admin;

public sealed class LoginModel(UserStore users, SignInThrottle throttle, UiText text, ILogger<LoginModel> logger) : PageModel
{
    [BindProperty]
    public string? Username { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>Why the sign-in was refused, in the page's language; null when it was not.</summary>
    public string? Refusal { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // The same budget as the token endpoint, whatever spelling of this page's path was posted to.
        if (!throttle.TryAcquire(HttpContext.Connection.RemoteIpAddress, Username, out var retryAfter))
        {
            Refusal = text.T("登录尝试过于频繁，请一分钟后再试。", "Too many sign-in attempts; wait a minute.");
            Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Refused(StatusCodes.Status429TooManyRequests);
        }
        var user = string.IsNullOrEmpty(Username) || string.IsNullOrEmpty(Password)
            ? null
            : await users.VerifyPasswordAsync(Username, Password, cancellationToken);
        if (user is null)
        {
            Refusal = text.WrongPassword;
            logger.LogInformation("Failed sign-in for {Username} from {Address}", Username, HttpContext.Connection.RemoteIpAddress);
            return Page();
        }
        if (user.Disabled)
        {
            Refusal = text.T("此账号已停用，请联系管理员。", "This account is disabled; ask an administrator.");
            return Refused(StatusCodes.Status403Forbidden);
        }
        var identity = new ClaimsIdentity(StaffClaims.For(user), AuthPolicies.CookieScheme);
        await HttpContext.SignInAsync(AuthPolicies.CookieScheme, new ClaimsPrincipal(identity));
        var next = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/admin";
        return user.MustChangePassword
            ? LocalRedirect("/admin/password?returnUrl=" + Uri.EscapeDataString(next))
            : LocalRedirect(next);
    }

    private PageResult Refused(int status)
    {
        Response.StatusCode = status;
        return Page();
    }
}
