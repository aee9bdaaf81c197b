using System.Security.Claims;
using System.Text.Json;
using System.Text.RegularExpressions;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Audit;
using SignageKiosk.Controller.Places;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Controller.Auth;

/// <summary>Managing staff accounts, with one set of rules for the users API and the users page.</summary>
public sealed partial class UserAccounts(UserStore store, AuditLog audit, BootstrapAdmin bootstrap, TimeProvider time)
{
    public const int MinPasswordLength = 10;
    public const string Kind = "users";

    public const string LastAdministrator = "至少要保留一个可用的管理员 (at least one active administrator must remain)";

    [GeneratedRegex(@"^[\p{L}\p{N}._-]{2,32}$")]
    private static partial Regex UsernamePattern();

    /// <summary>The place kind each role's scope names: a community, a compound, or a station's place.</summary>
    public static PlaceKind[] ScopeKinds(StaffRole role) => role switch
    {
        StaffRole.CommunityStaff => [PlaceKind.Community],
        StaffRole.PropertyManager => [PlaceKind.Compound],
        StaffRole.StationMaster => [PlaceKind.Community, PlaceKind.Compound],
        _ => [],
    };

    /// <summary>What the audit trail keeps of an account: never the password or its hash.</summary>
    private sealed record Snapshot(string Username, string Role, string? ScopePlaceId, bool Disabled, bool MustChangePassword);

    private static string Json(StaffUser user) => JsonSerializer.Serialize(
        new Snapshot(user.Username, JsonNamingPolicy.CamelCase.ConvertName(user.Role.ToString()), user.ScopePlaceId, user.Disabled, user.MustChangePassword),
        JsonSerializerOptions.Web);

    public Task<Api.Paging.ListPage<UserStore.UserInfo>> ListAsync(Api.Paging.ListQuery query, CancellationToken cancellationToken) => store.ListAsync(query, cancellationToken);

    public async Task<UserStore.UserInfo> CreateAsync(ClaimsPrincipal caller, string? address, UserEndpoints.NewUser request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.Username) || !UsernamePattern().IsMatch(request.Username))
        {
            throw ApiException.BadRequest("用户名须为 2 到 32 个字母、数字、“.”、“_”或“-” (username must be 2-32 letters, digits, '.', '_' or '-')", "username");
        }
        CheckPassword(request.Password, "password");
        var role = request.Role ?? throw ApiException.BadRequest("请选择角色：admin（管理员）、communityStaff（社区工作人员）、propertyManager（物业）或 stationMaster（站长） (role is required: admin, communityStaff, propertyManager or stationMaster)", "role");
        await CheckScopeAsync(role, request.ScopePlaceId, cancellationToken);
        if ((await store.ListAsync(cancellationToken)).Any(u => string.Equals(u.Username, request.Username, StringComparison.OrdinalIgnoreCase)))
        {
            throw ApiException.Conflict($"用户名“{request.Username}”已被使用 (user '{request.Username}' already exists)");
        }
        // A password someone else chose is a temporary one unless the administrator says otherwise.
        var user = await store.CreateAsync(request.Username, request.Password!, role, request.ScopePlaceId, request.MustChangePassword ?? true, cancellationToken);
        await audit.RecordAsync(caller.Actor(), address, "create", Kind, user.Username, null, Json(user), time.GetUtcNow(), cancellationToken);
        return new UserStore.UserInfo(user.Id, user.Username, user.Role, user.ScopePlaceId, time.GetUtcNow(), user.Disabled, user.MustChangePassword);
    }

    /// <summary>
    /// Changes an account's role, scope or state. Any change ends its page sessions and revokes its tokens; the last
    /// active administrator cannot be demoted or disabled, by anyone including themselves.
    /// </summary>
    public async Task<UserStore.UserInfo> UpdateAsync(ClaimsPrincipal caller, string? address, long id, UserEndpoints.UserChange request, CancellationToken cancellationToken)
    {
        var existing = await store.FindAsync(id, cancellationToken) ?? throw ApiException.NotFound($"账号 {id} 不存在 (users/{id} does not exist)");
        var role = request.Role ?? throw ApiException.BadRequest("请选择角色：admin（管理员）、communityStaff（社区工作人员）、propertyManager（物业）或 stationMaster（站长） (role is required: admin, communityStaff, propertyManager or stationMaster)", "role");
        await CheckScopeAsync(role, request.ScopePlaceId, cancellationToken);
        var change = new UserStore.Change(role, request.ScopePlaceId, request.Disabled ?? existing.Disabled);
        var result = await store.UpdateAsync(id, change, (before, otherActiveAdmins) =>
        {
            var wasActiveAdmin = before.Role == StaffRole.Admin && !before.Disabled;
            var staysActiveAdmin = change.Role == StaffRole.Admin && !change.Disabled;
            if (wasActiveAdmin && !staysActiveAdmin && otherActiveAdmins == 0)
            {
                throw ApiException.Conflict(LastAdministrator);
            }
        }, cancellationToken) ?? throw ApiException.NotFound($"账号 {id} 不存在 (users/{id} does not exist)");
        if (result.Before != result.After)
        {
            await audit.RecordAsync(caller.Actor(), address, "update", Kind, result.After.Username, Json(result.Before), Json(result.After), time.GetUtcNow(), cancellationToken);
        }
        return await InfoAsync(id, cancellationToken);
    }

    /// <summary>An administrator sets a new password for someone else; it must be changed at their next sign-in.</summary>
    public async Task<UserStore.UserInfo> ResetPasswordAsync(ClaimsPrincipal caller, string? address, long id, string? password, CancellationToken cancellationToken)
    {
        var existing = await store.FindAsync(id, cancellationToken) ?? throw ApiException.NotFound($"账号 {id} 不存在 (users/{id} does not exist)");
        if (existing.Id == caller.UserId() || existing.Username == caller.Actor())
        {
            throw ApiException.Conflict("请用“修改密码”修改自己的密码 (change your own password with your current one, not a reset)");
        }
        CheckPassword(password, "password");
        var after = await store.SetPasswordAsync(id, password!, mustChangePassword: true, cancellationToken) ?? throw ApiException.NotFound($"账号 {id} 不存在 (users/{id} does not exist)");
        await audit.RecordAsync(caller.Actor(), address, "reset-password", Kind, after.Username, Json(existing), Json(after), time.GetUtcNow(), cancellationToken);
        bootstrap.PasswordChanged(after.Username);
        return await InfoAsync(id, cancellationToken);
    }

    /// <summary>
    /// A staff member replaces their own password (already verified by the caller with <paramref name="currentPassword"/>).
    /// Returns the account with its new stamp, for a fresh page session.
    /// </summary>
    public async Task<StaffUser> ChangeOwnPasswordAsync(StaffUser user, string currentPassword, string? newPassword, string? address, CancellationToken cancellationToken)
    {
        CheckPassword(newPassword, "newPassword");
        if (newPassword == currentPassword)
        {
            throw ApiException.BadRequest("新密码不能与原密码相同 (the new password must differ from the current one)", "newPassword");
        }
        var after = await store.SetPasswordAsync(user.Id, newPassword!, mustChangePassword: false, cancellationToken)
            ?? throw ApiException.NotFound($"账号 {user.Id} 不存在 (users/{user.Id} does not exist)");
        await audit.RecordAsync(user.Username, address, "change-password", Kind, after.Username, Json(user), Json(after), time.GetUtcNow(), cancellationToken);
        bootstrap.PasswordChanged(after.Username);
        return after;
    }

    public async Task<string> DeleteAsync(ClaimsPrincipal caller, string? address, long id, CancellationToken cancellationToken)
    {
        var existing = await store.FindAsync(id, cancellationToken) ?? throw ApiException.NotFound($"账号 {id} 不存在 (users/{id} does not exist)");
        if (existing.Username == caller.Actor())
        {
            throw ApiException.Conflict("不能删除自己的账号 (you cannot delete your own account)");
        }
        await store.DeleteAsync(id, cancellationToken);
        await audit.RecordAsync(caller.Actor(), address, "delete", Kind, existing.Username, Json(existing), null, time.GetUtcNow(), cancellationToken);
        return existing.Username;
    }

    private async Task<UserStore.UserInfo> InfoAsync(long id, CancellationToken cancellationToken) =>
        (await store.ListAsync(cancellationToken)).FirstOrDefault(u => u.Id == id) ?? throw ApiException.NotFound($"账号 {id} 不存在 (users/{id} does not exist)");

    private static void CheckPassword(string? password, string field)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinPasswordLength)
        {
            throw ApiException.BadRequest($"密码至少 {MinPasswordLength} 位 (password must be at least {MinPasswordLength} characters)", field);
        }
    }

    private async Task CheckScopeAsync(StaffRole role, string? scopePlaceId, CancellationToken cancellationToken)
    {
        if (role == StaffRole.Admin && scopePlaceId is not null)
        {
            throw ApiException.BadRequest("管理员不设管辖范围，请不要填写 scopePlaceId (an administrator has no scope)", "scopePlaceId");
        }
        if (role == StaffRole.Admin)
        {
            return;
        }
        if (scopePlaceId is null)
        {
            throw ApiException.BadRequest($"这个角色须指定管辖范围（scopePlaceId） (a {role} needs a scopePlaceId)", "scopePlaceId");
        }
        var kind = await store.ScopeKindAsync(scopePlaceId, cancellationToken)
            ?? throw ApiException.BadRequest($"地点“{scopePlaceId}”不存在 (place '{scopePlaceId}' does not exist)", "scopePlaceId");
        if (!ScopeKinds(role).Select(k => k.ToString()).Contains(kind))
        {
            throw ApiException.BadRequest($"这个角色的管辖范围须为{string.Join("或", ScopeKinds(role).Select(PlaceNames.Chinese))}，不能是{PlaceNames.Chinese(kind)} (a {role}'s scope is a {string.Join(" or ", ScopeKinds(role))}, not a {kind})", "scopePlaceId");
        }
    }
}
