using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SignageKiosk.Controller.Auth;

namespace SignageKiosk.Controller.Pages.Admin;

public sealed class LoginModel(UserStore users, ILogger<LoginModel> logger) : PageModel
{
    [BindProperty]
    public string? Username { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool Failed { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var user = string.IsNullOrEmpty(Username) || string.IsNullOrEmpty(Password)
            ? null
            : await users.VerifyPasswordAsync(Username, Password, cancellationToken);
        if (user is null)
        {
            Failed = true;
            logger.LogInformation("Failed sign-in for {Username} from {Address}", Username, HttpContext.Connection.RemoteIpAddress);
            return Page();
        }
        var identity = new ClaimsIdentity(StaffClaims.For(user), AuthPolicies.CookieScheme);
        await HttpContext.SignInAsync(AuthPolicies.CookieScheme, new ClaimsPrincipal(identity));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/admin");
    }
}
