namespace SignageKiosk.Controller.Auth;

/// <summary>Staff accounts, managed by administrators: /api/users.</summary>
public static class UserEndpoints
{
    public sealed record NewUser(string? Username, string? Password, StaffRole? Role, string? ScopePlaceId);

    public static void MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/users").RequireAuthorization(AuthPolicies.Admin);

        users.MapGet("/", (UserAccounts accounts, CancellationToken ct) => accounts.ListAsync(ct));

        users.MapPost("/", async (HttpContext http, UserAccounts accounts, CancellationToken ct) =>
        {
            var request = await Api.RequestBody.ReadAsync<NewUser>(http, ct);
            var user = await accounts.CreateAsync(http.User, http.Connection.RemoteIpAddress?.ToString(), request, ct);
            return Results.Created($"/api/users/{user.Id}", user);
        });

        users.MapDelete("/{id:long}", async (long id, HttpContext http, UserAccounts accounts, CancellationToken ct) =>
            Results.Ok(new { deleted = await accounts.DeleteAsync(http.User, http.Connection.RemoteIpAddress?.ToString(), id, ct) }));
    }
}
