using System.Security.Claims;
using System.Text.RegularExpressions;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Audit;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Controller.Auth;

/// <summary>Managing staff accounts, with one set of rules for the users API and the users page.</summary>
public sealed partial class UserAccounts(UserStore store, ControllerDb db, AuditLog audit, TimeProvider time)
{
    public const int MinPasswordLength = 10;

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

    public Task<List<UserStore.UserInfo>> ListAsync(CancellationToken cancellationToken) => store.ListAsync(cancellationToken);

    public async Task<UserStore.UserInfo> CreateAsync(ClaimsPrincipal caller, string? address, UserEndpoints.NewUser request, CancellationToken cancellationToken)
    {
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
            await using var connection = await db.OpenAsync(cancellationToken);
            var kind = await connection.ScalarAsync<string>("SELECT kind FROM places WHERE id = @id;", null, cancellationToken, ("@id", request.ScopePlaceId))
                ?? throw ApiException.BadRequest($"place '{request.ScopePlaceId}' does not exist", "scopePlaceId");
            if (!ScopeKinds(role).Select(k => k.ToString()).Contains(kind))
            {
                throw ApiException.BadRequest($"a {role}'s scope is a {string.Join(" or ", ScopeKinds(role))}, not a {kind}", "scopePlaceId");
            }
        }
        if ((await store.ListAsync(cancellationToken)).Any(u => string.Equals(u.Username, request.Username, StringComparison.OrdinalIgnoreCase)))
        {
            throw ApiException.Conflict($"user '{request.Username}' already exists");
        }
        var user = await store.CreateAsync(request.Username, request.Password, role, request.ScopePlaceId, cancellationToken);
        await audit.RecordAsync(caller.Actor(), address, "create", "users", user.Username, time.GetUtcNow(), cancellationToken);
        return new UserStore.UserInfo(user.Id, user.Username, user.Role, user.ScopePlaceId, time.GetUtcNow());
    }

    public async Task<string> DeleteAsync(ClaimsPrincipal caller, string? address, long id, CancellationToken cancellationToken)
    {
        var existing = (await store.ListAsync(cancellationToken)).FirstOrDefault(u => u.Id == id) ?? throw ApiException.NotFound($"users/{id} does not exist");
        if (existing.Username == caller.Actor())
        {
            throw ApiException.Conflict("you cannot delete your own account");
        }
        await store.DeleteAsync(id, cancellationToken);
        await audit.RecordAsync(caller.Actor(), address, "delete", "users", existing.Username, time.GetUtcNow(), cancellationToken);
        return existing.Username;
    }
}
