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
        services.AddAuthentication(AuthPolicies.Scheme)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, BearerAuthenticationHandler>(AuthPolicies.Scheme, null);
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
