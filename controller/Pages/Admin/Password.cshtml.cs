using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Web;

namespace SignageKiosk.Controller.Pages.Admin;

/// <summary>
/// Every staff member changes their own password here; one whose password was set by someone else (a new account,
/// a reset, the generated first password) is sent here by <see cref="PasswordChangeFirst"/> until they have.
/// </summary>
public sealed class PasswordModel(UserStore users, UserAccounts accounts, SignInThrottle throttle, UiText text) : PageModel
{
    [BindProperty] public string? CurrentPassword { get; set; }
    [BindProperty] public string? NewPassword { get; set; }
    [BindProperty] public string? ConfirmPassword { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }
    public bool Forced => User.MustChangePassword();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!throttle.TryAcquire(HttpContext.Connection.RemoteIpAddress, User.Identity?.Name, out _))
        {
            Error = text.T("尝试次数过多，请一分钟后再试。", "Too many attempts; wait a minute.");
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }
        var user = User.Identity?.Name is { } name && !string.IsNullOrEmpty(CurrentPassword)
            ? await users.VerifyPasswordAsync(name, CurrentPassword, cancellationToken)
            : null;
        if (user is null || user.Id != User.UserId())
        {
            Error = text.T("原密码不正确。", "The current password is wrong.");
            return Page();
        }
        if (NewPassword != ConfirmPassword)
        {
            Error = text.T("两次输入的新密码不一致。", "The two new passwords differ.");
            return Page();
        }
        try
        {
            user = await accounts.ChangeOwnPasswordAsync(user, CurrentPassword!, NewPassword, HttpContext.Connection.RemoteIpAddress?.ToString(), cancellationToken);
        }
        catch (Api.ApiException e)
        {
            Error = e.Field == "newPassword" && e.Message.Contains("相同", StringComparison.Ordinal)
                ? text.T("新密码不能与原密码相同。", "The new password must differ from the current one.")
                : text.T($"新密码至少 {UserAccounts.MinPasswordLength} 位。", $"The new password must be at least {UserAccounts.MinPasswordLength} characters.");
            return Page();
        }
        // The change replaced the account's stamp, which ended this session too: begin a new one.
        await HttpContext.SignInAsync(AuthPolicies.CookieScheme, new ClaimsPrincipal(new ClaimsIdentity(StaffClaims.For(user), AuthPolicies.CookieScheme)));
        var onward = Url.IsLocalUrl(ReturnUrl) && ReturnUrl is not "/admin" and not "/admin/" && !ReturnUrl!.StartsWith("/admin/password", StringComparison.OrdinalIgnoreCase);
        return LocalRedirect(onward ? ReturnUrl! : "/admin?done=password");
    }
}
