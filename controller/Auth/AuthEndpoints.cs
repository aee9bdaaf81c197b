using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using SignageKiosk.Controller.Api;

namespace SignageKiosk.Controller.Auth;

public static class AuthEndpoints
{
    public const string SignInRateLimit = "sign-in";

    public sealed record TokenRequest(string? Username, string? Password);
    public sealed record TokenResponse(string Token, DateTimeOffset ExpiresAt, string Role, string? Scope);

    public static IServiceCollection AddStaffAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AuthOptions>(configuration.GetSection(AuthOptions.Section));
        services.AddSingleton<UserStore>();
        services.AddSingleton<BootstrapAdmin>();
        services.AddSingleton<UserAccounts>();
        // API and hub callers use bearer tokens; the staff pages use a cookie. One selector picks per request,
        // so an API call can never ride on a browser's cookie (no CSRF on the API).
        services.AddAuthentication(AuthPolicies.SelectorScheme)
            .AddPolicyScheme(AuthPolicies.SelectorScheme, null, selector => selector.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.Count > 0 || context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/hubs")
                    ? AuthPolicies.Scheme
                    : AuthPolicies.CookieScheme)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, BearerAuthenticationHandler>(AuthPolicies.Scheme, null)
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
                // A removed account loses its open sessions at the next request, not when the cookie expires.
                cookie.Events.OnValidatePrincipal = async context =>
                {
                    var users = context.HttpContext.RequestServices.GetRequiredService<UserStore>();
                    if (context.Principal?.Identity?.Name is not { } name || !await users.ExistsAsync(name, context.HttpContext.RequestAborted))
                    {
                        context.RejectPrincipal();
                    }
                };
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(AuthPolicies.Staff, p => p.RequireClaim(AuthPolicies.RoleClaim))
            .AddPolicy(AuthPolicies.Admin, p => p.RequireClaim(AuthPolicies.RoleClaim, nameof(StaffRole.Admin)))
            .AddPolicy(AuthPolicies.Kiosk, p => p.RequireClaim(AuthPolicies.KioskClaim))
            .AddPolicy(Media.MediaEndpoints.StaffOrKiosk, p => p.RequireAssertion(c =>
                c.User.HasClaim(claim => claim.Type is AuthPolicies.RoleClaim or AuthPolicies.KioskClaim)));
        var permits = configuration.GetValue<int?>($"{AuthOptions.Section}:{nameof(AuthOptions.SignInPermitsPerMinute)}") ?? new AuthOptions().SignInPermitsPerMinute;
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, _) => new ValueTask(ApiErrorMiddleware.WriteAsync(context.HttpContext, 429, "too many sign-in attempts; wait a minute", null));
            limiter.AddPolicy(SignInRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1) }));
            // The sign-in page shares the same per-address budget as the token endpoint.
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Equals("/admin/login", StringComparison.OrdinalIgnoreCase)
                    ? RateLimitPartition.GetFixedWindowLimiter("page:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1) })
                    : RateLimitPartition.GetNoLimiter("none"));
        });
        return services;
    }

    public static void MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/auth/token", async (HttpContext context, UserStore users, CancellationToken cancellationToken) =>
        {
            var request = await RequestBody.ReadAsync<TokenRequest>(context, cancellationToken);
            if (string.IsNullOrEmpty(request.Username) || string.IsNullOrEmpty(request.Password))
            {
                throw ApiException.BadRequest("username and password are required");
            }
            var user = await users.VerifyPasswordAsync(request.Username, request.Password, cancellationToken);
            if (user is null)
            {
                return Results.Json(new ApiError("wrong username or password"), statusCode: StatusCodes.Status401Unauthorized);
            }
            var (token, expires) = await users.IssueTokenAsync(user, cancellationToken);
            return Results.Ok(new TokenResponse(token, expires, user.Role.ToString(), user.ScopePlaceId));
        }).RequireRateLimiting(SignInRateLimit).AllowAnonymous();
    }
}
