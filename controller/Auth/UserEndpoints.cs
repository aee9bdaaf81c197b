using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Api.Paging;

namespace SignageKiosk.Controller.Auth;

/// <summary>Staff accounts, managed by administrators: /api/users.</summary>
public static class UserEndpoints
{
    /// <summary><paramref name="MustChangePassword"/>: true unless an administrator says false (the password is then the user's own choice).</summary>
    public sealed record NewUser(string? Username, string? Password, StaffRole? Role, string? ScopePlaceId, bool? MustChangePassword = null);

    /// <summary>The whole of an account's access: role, its scope (none for an administrator), and, when given, disabled or not.</summary>
    public sealed record UserChange(StaffRole? Role, string? ScopePlaceId, bool? Disabled = null);

    public sealed record PasswordReset(string? Password);

    /// <summary>A delete's answer: the user name of the account deleted.</summary>
    public sealed record UserDeleted(string Deleted);

    public static void MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/users").RequireAuthorization(AuthPolicies.Admin);

        users.MapGet("/", async (int? limit, string? cursor, string? q, UserAccounts accounts, CancellationToken ct) =>
            Results.Ok(await accounts.ListAsync(Api.Paging.ListQuery.FromApi(limit, cursor, q), ct)))
            .WithName("ListUsers").Paged<UserStore.UserInfo>("Staff accounts in the order they were made; `q` searches the user name.");

        users.MapPost("/", async (HttpContext http, UserAccounts accounts, CancellationToken ct) =>
        {
            var request = await Api.RequestBody.ReadAsync<NewUser>(http, ct);
            var user = await accounts.CreateAsync(http.User, http.Connection.RemoteIpAddress?.ToString(), request, ct);
            return Results.Created($"/api/users/{user.Id}", user);
        }).WithDescription("Creates a staff account: {username, password, role, scopePlaceId, mustChangePassword}. The password must be changed " +
            "at the first sign-in unless \"mustChangePassword\": false (default true).")
            .WithName("CreateUser").JsonBody(typeof(NewUser)).Produces<UserStore.UserInfo>(StatusCodes.Status201Created).WriteRefusals(StatusCodes.Status409Conflict);

        users.MapPut("/{id:long}", async (long id, HttpContext http, UserAccounts accounts, CancellationToken ct) =>
        {
            var request = await Api.RequestBody.ReadAsync<UserChange>(http, ct);
            return Results.Ok(await accounts.UpdateAsync(http.User, http.Connection.RemoteIpAddress?.ToString(), id, request, ct));
        }).WithDescription("Changes an account: {role, scopePlaceId, disabled} (disabled omitted: unchanged). Any change ends the account's " +
            "page sessions and revokes its tokens; 409 when no active administrator would be left. Audited with before and after.")
            .WithName("UpdateUser").JsonBody(typeof(UserChange)).Produces<UserStore.UserInfo>(StatusCodes.Status200OK).WriteRefusals(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        users.MapPost("/{id:long}/password", async (long id, HttpContext http, UserAccounts accounts, CancellationToken ct) =>
        {
            var request = await Api.RequestBody.ReadAsync<PasswordReset>(http, ct);
            return Results.Ok(await accounts.ResetPasswordAsync(http.User, http.Connection.RemoteIpAddress?.ToString(), id, request.Password, ct));
        }).WithDescription("Sets a new password for another account ({password}); it must be changed at the next sign-in. Ends the account's " +
            "sessions and tokens. Audited, without the password.")
            .WithName("ResetUserPassword").JsonBody(typeof(PasswordReset)).Produces<UserStore.UserInfo>(StatusCodes.Status200OK).WriteRefusals(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        users.MapDelete("/{id:long}", async (long id, HttpContext http, UserAccounts accounts, CancellationToken ct) =>
            Results.Ok(new UserDeleted(await accounts.DeleteAsync(http.User, http.Connection.RemoteIpAddress?.ToString(), id, ct))))
            .WithName("DeleteUser").Produces<UserDeleted>(StatusCodes.Status200OK).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

}
