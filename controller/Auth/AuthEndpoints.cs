using SignageKiosk.Controller.Settings;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using SignageKiosk.Controller.Api;

namespace SignageKiosk.Controller.Auth;

public static class AuthEndpoints
{
    public sealed record TokenRequest(string? Username, string? Password);
    public sealed record TokenResponse(string Token, DateTimeOffset ExpiresAt, string Role, string? Scope);
    public sealed record PasswordChange(string? Username, string? CurrentPassword, string? NewPassword);

    /// <summary>The answer to a changed password: whose it was.</summary>
    public sealed record PasswordChanged(string Changed);

    public const string TooManyAttempts = "登录尝试过于频繁，请一分钟后再试 (too many sign-in attempts; wait a minute)";
    public const string MustChangePasswordFirst =
        "必须先修改密码：请在管理后台登录后修改，或调用 POST /api/auth/password (the password must be changed first)";
    public const string AccountDisabled = "此账号已停用，请联系管理员 (this account is disabled)";

    public static IServiceCollection AddStaffAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCheckedOptions<AuthOptions>(configuration, AuthOptions.Section, o => o.Problem());
        services.AddSingleton<UserStore>();
        services.AddSingleton<KioskCredentialQuery>();
        services.AddSingleton<BootstrapAdmin>();
        services.AddSingleton<UserAccounts>();
        services.AddSingleton<SignInThrottle>();
        services.AddPersistentDataProtection(configuration);
        // API and hub callers use bearer tokens; the staff pages use a cookie. One selector picks per request,
        // so an API call can never ride on a browser's cookie (no CSRF on the API).
        services.AddAuthentication(AuthPolicies.SelectorScheme)
            .AddPolicyScheme(AuthPolicies.SelectorScheme, null, selector => selector.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.Count > 0 || context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/hubs")
                    ? AuthPolicies.Scheme
                    : AuthPolicies.CookieScheme)
            .AddScheme<AuthenticationSchemeOptions, BearerAuthenticationHandler>(AuthPolicies.Scheme, null)
            .AddCookie(AuthPolicies.CookieScheme, cookie =>
            {
                cookie.LoginPath = "/admin/login";
                cookie.LogoutPath = "/admin/logout";
                cookie.AccessDeniedPath = "/admin/denied";
                cookie.Cookie.Name = "sk.staff";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
                cookie.SlidingExpiration = true;
                cookie.Events.OnValidatePrincipal = ValidateSessionAsync;
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(AuthPolicies.Staff, p => p.RequireClaim(AuthPolicies.RoleClaim))
            .AddPolicy(AuthPolicies.Admin, p => p.RequireClaim(AuthPolicies.RoleClaim, nameof(StaffRole.Admin)))
            .AddPolicy(AuthPolicies.Kiosk, p => p.RequireClaim(AuthPolicies.KioskClaim))
            .AddPolicy(Media.MediaEndpoints.StaffOrKiosk, p => p.RequireAssertion(c =>
                c.User.HasClaim(claim => claim.Type is AuthPolicies.RoleClaim or AuthPolicies.KioskClaim)));
        // Sign-in attempts are counted by SignInThrottle inside the handlers; the middleware stays for other budgets.
        services.AddRateLimiter(_ => { });
        return services;
    }

    /// <summary>
    /// Every request on a page session: the account must still be the one the cookie was issued to (same id and
    /// same security stamp, so a deleted-and-recreated name does not inherit it) and not disabled. Role, scope and
    /// the duty to change the password are read from the account as it is now.
    /// </summary>
    private static async Task ValidateSessionAsync(Microsoft.AspNetCore.Authentication.Cookies.CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var users = context.HttpContext.RequestServices.GetRequiredService<UserStore>();
        var user = principal?.UserId() is { } id ? await users.FindAsync(id, context.HttpContext.RequestAborted) : null;
        if (principal is null || user is null || user.Disabled
            || !string.Equals(user.SecurityStamp, principal.FindFirstValue(StaffClaims.StampClaim), StringComparison.Ordinal)
            || !string.Equals(user.Username, principal.Identity?.Name, StringComparison.Ordinal))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(AuthPolicies.CookieScheme);
            return;
        }
        context.ReplacePrincipal(new ClaimsPrincipal(new ClaimsIdentity(StaffClaims.For(user), AuthPolicies.CookieScheme)));
    }

    public static void MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/auth/token", async (HttpContext context, UserStore users, SignInThrottle throttle, CancellationToken cancellationToken) =>
        {
            var request = await RequestBody.ReadAsync<TokenRequest>(context, cancellationToken);
            var (user, refused) = await CheckPasswordAsync(context, users, throttle, request.Username, request.Password, "请填写用户名和密码 (username and password are required)", cancellationToken);
            if (user is null)
            {
                return refused!;
            }
            if (user.MustChangePassword)
            {
                throw ApiException.Forbidden(MustChangePasswordFirst);
            }
            var (token, expires) = await users.IssueTokenAsync(user, cancellationToken);
            return Results.Ok(new TokenResponse(token, expires, user.Role.ToString(), user.ScopePlaceId));
        }).AllowAnonymous()
        .WithName("CreateToken")
        .WithTags("auth")
        .WithSummary("Sign in: a bearer token for the API")
        .JsonBody(typeof(TokenRequest))
        .Produces<TokenResponse>(StatusCodes.Status200OK)
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status429TooManyRequests)
        .WithDescription("Signs a staff member in: a bearer token. 403 when the account is disabled or its password must be changed first " +
            "(POST /api/auth/password). Attempts share one budget per address and per username with the sign-in page.");

        app.MapPost("/api/auth/password", async (HttpContext context, UserStore users, UserAccounts accounts, SignInThrottle throttle, CancellationToken cancellationToken) =>
        {
            var request = await RequestBody.ReadAsync<PasswordChange>(context, cancellationToken);
            var (user, refused) = await CheckPasswordAsync(context, users, throttle, request.Username, request.CurrentPassword, "请填写用户名和当前密码 (username and currentPassword are required)", cancellationToken);
            if (user is null)
            {
                return refused!;
            }
            await accounts.ChangeOwnPasswordAsync(user, request.CurrentPassword!, request.NewPassword, context.Connection.RemoteIpAddress?.ToString(), cancellationToken);
            return Results.Ok(new PasswordChanged(user.Username));
        }).AllowAnonymous()
        .WithName("ChangePassword")
        .WithTags("auth")
        .JsonBody(typeof(PasswordChange))
        .Produces<PasswordChanged>(StatusCodes.Status200OK)
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
        .ProducesProblem(StatusCodes.Status429TooManyRequests)
        .WithDescription("A staff member changes their own password with the current one ({username, currentPassword, newPassword}); " +
            "required before the first token when an administrator set or reset it. Ends the account's other sessions and tokens.");
    }

    /// <summary>
    /// What both API routes that take a password check, in this order: the shared sign-in budget, that both fields are
    /// there, the password, and that the account is not disabled. The user, or the answer that refuses them.
    /// </summary>
    private static async Task<(StaffUser? User, IResult? Refusal)> CheckPasswordAsync(
        HttpContext context, UserStore users, SignInThrottle throttle, string? username, string? password, string missing, CancellationToken cancellationToken)
    {
        if (Throttled(context, throttle, username) is { } refused)
        {
            return (null, refused);
        }
        if (string.IsNullOrEmpty(username) || string.IsNullOrEmpty(password))
        {
            throw ApiException.BadRequest(missing);
        }
        var user = await users.VerifyPasswordAsync(username, password, cancellationToken);
        if (user is null)
        {
            return (null, ApiProblem.Result(StatusCodes.Status401Unauthorized, "用户名或密码不正确 (wrong username or password)"));
        }
        return user.Disabled ? throw ApiException.Forbidden(AccountDisabled) : (user, null);
    }

    private static IResult? Throttled(HttpContext context, SignInThrottle throttle, string? username)
    {
        if (throttle.TryAcquire(context.Connection.RemoteIpAddress, username, out var retryAfter))
        {
            return null;
        }
        context.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ApiProblem.Result(StatusCodes.Status429TooManyRequests, TooManyAttempts);
    }
}
