using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using SignageKiosk.Controller.Api;

namespace SignageKiosk.Controller.Auth;

/// <summary>
/// One bearer scheme for both kinds of caller: staff tokens (sks_…) from <c>POST /api/auth/token</c> and
/// kiosk device credentials (skk_…) issued when a kiosk is registered.
/// </summary>
public sealed class BearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    UserStore users,
    KioskCredentialQuery kiosks) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header) || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var secret = header["Bearer ".Length..].Trim();
        if (secret.StartsWith(Secrets.StaffTokenPrefix, StringComparison.Ordinal))
        {
            var user = await users.FindByTokenAsync(secret, Context.RequestAborted);
            if (user is null)
            {
                return AuthenticateResult.Fail("unknown or expired token");
            }
            return Success(StaffClaims.For(user));
        }
        if (secret.StartsWith(Secrets.KioskCredentialPrefix, StringComparison.Ordinal))
        {
            var hash = Secrets.Hash(secret);
            // Rotation examined this credential earlier in the same request and found it its kiosk's current one.
            var kioskId = Context.Features.Get<KioskCredentialExamined>() is { } examined && examined.CredentialHash == hash
                ? examined.KioskId
                : await kiosks.KioskIdAsync(hash, Context.RequestAborted);
            return kioskId is null
                ? AuthenticateResult.Fail("unknown or revoked kiosk credential")
                : Success([new Claim(ClaimTypes.Name, "kiosk:" + kioskId), new Claim(AuthPolicies.KioskClaim, kioskId)]);
        }
        return AuthenticateResult.Fail("unrecognised bearer token");
    }

    private AuthenticateResult Success(IEnumerable<Claim> claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name)), Scheme.Name));

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        ApiProblem.WriteAsync(Context, StatusCodes.Status401Unauthorized, "请先登录：请求须带上 'Authorization: Bearer <令牌>' (authentication required: send 'Authorization: Bearer <token>')", null);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblem.WriteAsync(Context, StatusCodes.Status403Forbidden,
            Context.User.KioskId() is not null ? "屏幕的设备凭据不能调用这个接口 (a kiosk credential cannot call this endpoint)" : "您的账号没有权限做这件事 (your role may not do this)", null);
}
