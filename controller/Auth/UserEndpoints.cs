using System.Text.RegularExpressions;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Audit;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Controller.Auth;

/// <summary>Staff accounts, managed by administrators: /api/users.</summary>
public static partial class UserEndpoints
{
    public const int MinPasswordLength = 10;

    public sealed record NewUser(string? Username, string? Password, StaffRole? Role, string? ScopePlaceId);

    [GeneratedRegex(@"^[\p{L}\p{N}._-]{2,32}$")]
    private static partial Regex UsernamePattern();

    /// <summary>The place kind each role's scope names: a community, a compound, or a station's place.</summary>
    private static PlaceKind[] ScopeKinds(StaffRole role) => role switch
    {
        StaffRole.CommunityStaff => [PlaceKind.Community],
        StaffRole.PropertyManager => [PlaceKind.Compound],
        StaffRole.StationMaster => [PlaceKind.Community, PlaceKind.Compound],
        _ => [],
    };

    public static void MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/users").RequireAuthorization(AuthPolicies.Admin);

        users.MapGet("/", (UserStore store, CancellationToken ct) => store.ListAsync(ct));

        users.MapPost("/", async (HttpContext http, UserStore store, ControllerDb db, AuditLog audit, TimeProvider time, CancellationToken ct) =>
        {
            var request = await RequestBody.ReadAsync<NewUser>(http, ct);
            if (string.IsNullOrEmpty(request.Username) || !UsernamePattern().IsMatch(request.Username))
            {
                throw ApiException.BadRequest("username must be 2-32 letters, digits, '.', '_' or '-'", "username");
            }
            if (string.IsNullOrEmpty(request.Password) || request.Password.Length < MinPasswordLength)
            {
                throw ApiException.BadRequest($"password must be at least {MinPasswordLength} characters", "password");
            }
            var role = request.Role ?? throw ApiException.BadRequest("role is required: admin, communityStaff, propertyManager or stationMaster", "role");
            if (role == StaffRole.Admin && request.ScopePlaceId is not null)
            {
                throw ApiException.BadRequest("an administrator has no scope", "scopePlaceId");
            }
            if (role != StaffRole.Admin)
            {
                if (request.ScopePlaceId is null)
                {
                    throw ApiException.BadRequest($"a {role} needs a scopePlaceId", "scopePlaceId");
                }
                await using var connection = await db.OpenAsync(ct);
                var kind = await connection.ScalarAsync<string>("SELECT kind FROM places WHERE id = @id;", null, ct, ("@id", request.ScopePlaceId))
                    ?? throw ApiException.BadRequest($"place '{request.ScopePlaceId}' does not exist", "scopePlaceId");
                if (!ScopeKinds(role).Select(k => k.ToString()).Contains(kind))
                {
                    throw ApiException.BadRequest($"a {role}'s scope is a {string.Join(" or ", ScopeKinds(role))}, not a {kind}", "scopePlaceId");
                }
            }
            if ((await store.ListAsync(ct)).Any(u => string.Equals(u.Username, request.Username, StringComparison.OrdinalIgnoreCase)))
            {
                throw ApiException.Conflict($"user '{request.Username}' already exists");
            }
            var user = await store.CreateAsync(request.Username, request.Password, role, request.ScopePlaceId, ct);
            await audit.RecordAsync(http.User.Actor(), http.Connection.RemoteIpAddress?.ToString(), "create", "users", user.Username, time.GetUtcNow(), ct);
            return Results.Created($"/api/users/{user.Id}", new UserStore.UserInfo(user.Id, user.Username, user.Role, user.ScopePlaceId, time.GetUtcNow()));
        });

        users.MapDelete("/{id:long}", async (long id, HttpContext http, UserStore store, AuditLog audit, TimeProvider time, CancellationToken ct) =>
        {
            var existing = (await store.ListAsync(ct)).FirstOrDefault(u => u.Id == id) ?? throw ApiException.NotFound($"users/{id} does not exist");
            if (existing.Username == http.User.Actor())
            {
                throw ApiException.Conflict("you cannot delete your own account");
            }
            await store.DeleteAsync(id, ct);
            await audit.RecordAsync(http.User.Actor(), http.Connection.RemoteIpAddress?.ToString(), "delete", "users", existing.Username, time.GetUtcNow(), ct);
            return Results.Ok(new { deleted = existing.Username });
        });
    }
}
