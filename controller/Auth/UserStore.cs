using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using SignageKiosk.Controller.Storage;

namespace SignageKiosk.Controller.Auth;

/// <summary>Staff accounts and their bearer tokens. Passwords go through ASP.NET Core Identity's hasher.</summary>
public sealed class UserStore(ControllerDb db, TimeProvider time, IOptions<AuthOptions> options)
{
    private static readonly PasswordHasher<StaffUser> Hasher = new();

    private const string UserColumns = "u.id, u.username, u.role, u.scope_place_id, u.security_stamp, u.disabled, u.must_change_password";

    public static string NewStamp() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public async Task<StaffUser> CreateAsync(string username, string password, StaffRole role, string? scopePlaceId, bool mustChangePassword, CancellationToken cancellationToken)
    {
        var user = new StaffUser(0, username, role, scopePlaceId, NewStamp(), false, mustChangePassword);
        await using var connection = await db.OpenAsync(cancellationToken);
        var id = await connection.ScalarAsync<long>(
            """
            INSERT INTO users(username, password_hash, role, scope_place_id, created_at, security_stamp, must_change_password)
            VALUES (@u, @h, @r, @s, @now, @stamp, @must) RETURNING id;
            """,
            null, cancellationToken,
            ("@u", username), ("@h", Hasher.HashPassword(user, password)), ("@r", role.ToString()), ("@s", scopePlaceId),
            ("@now", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)), ("@stamp", user.SecurityStamp), ("@must", mustChangePassword ? 1 : 0));
        return user with { Id = id };
    }

    public sealed record UserInfo(long Id, string Username, StaffRole Role, string? ScopePlaceId, DateTimeOffset CreatedAt, bool Disabled, bool MustChangePassword);

    public async Task<List<UserInfo>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<InfoRow>("SELECT id, username, role, scope_place_id, created_at, disabled, must_change_password FROM users ORDER BY id;", null, cancellationToken);
        return rows.ConvertAll(r => r.ToInfo());
    }

    /// <summary>One page of accounts in the order they were made, optionally by user name (decision 0036).</summary>
    public async Task<Api.Paging.ListPage<UserInfo>> ListAsync(Api.Paging.ListQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        const string where = "WHERE (CAST(@q AS TEXT) IS NULL OR lower(username) LIKE lower(@q) ESCAPE '\\')";
        var total = await connection.ScalarAsync<long>($"SELECT count(*) FROM users {where};", null, cancellationToken, ("@q", query.LikePattern));
        var rows = await connection.QueryAsync<InfoRow>(
            $"SELECT id, username, role, scope_place_id, created_at, disabled, must_change_password FROM users {where} ORDER BY id LIMIT @limit OFFSET @offset;",
            null, cancellationToken, ("@q", query.LikePattern), ("@limit", query.Limit), ("@offset", query.Offset));
        return Api.Paging.ListPage<UserInfo>.Of(rows.ConvertAll(r => r.ToInfo()), total, query);
    }

    /// <summary>Removes a user and, through the foreign key, every token they hold.</summary>
    public async Task<bool> DeleteAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.ExecAsync("DELETE FROM users WHERE id = @id;", null, cancellationToken, ("@id", id)) > 0;
    }

    public async Task<StaffUser?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await FindAsync(connection, null, id, cancellationToken);
    }

    private static async Task<StaffUser?> FindAsync(DbConnection connection, DbTransaction? transaction, long id, CancellationToken cancellationToken) =>
        (await connection.QuerySingleOrNullAsync<UserRow>($"SELECT {UserColumns} FROM users u WHERE u.id = @id;", transaction, cancellationToken, ("@id", id)))?.ToUser();

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.ScalarAsync<long>("SELECT count(*) FROM users;", null, cancellationToken);
    }

    /// <summary>The account when the password is right (disabled or not: the caller says which), else null.</summary>
    public async Task<StaffUser?> VerifyPasswordAsync(string username, string password, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrNullAsync<UserRow>($"SELECT {UserColumns}, u.password_hash FROM users u WHERE u.username = @u;", null, cancellationToken, ("@u", username));
        if (row is null)
        {
            // Same work as a real check, so timing does not tell which usernames exist.
            Hasher.VerifyHashedPassword(new StaffUser(0, username, StaffRole.Admin, null), DummyHash, password);
            return null;
        }
        var user = row.ToUser();
        return Hasher.VerifyHashedPassword(user, row.PasswordHash!, password) == PasswordVerificationResult.Failed ? null : user;
    }

    public sealed record Change(StaffRole Role, string? ScopePlaceId, bool Disabled);

    /// <summary>
    /// Applies a change of role, scope or state. When anything changes the stamp is replaced and every token
    /// deleted, so open sessions end. <paramref name="check"/> sees the user before and the count of other
    /// active administrators, inside the same transaction, and may refuse by throwing.
    /// </summary>
    public async Task<(StaffUser Before, StaffUser After)?> UpdateAsync(long id, Change change, Action<StaffUser, long> check, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        if (await FindAsync(connection, transaction, id, cancellationToken) is not { } before)
        {
            return null;
        }
        var otherAdmins = await connection.ScalarAsync<long>(
            "SELECT count(*) FROM users WHERE role = @admin AND disabled = 0 AND id <> @id;", transaction, cancellationToken,
            ("@admin", nameof(StaffRole.Admin)), ("@id", id));
        check(before, otherAdmins);
        var after = before with { Role = change.Role, ScopePlaceId = change.ScopePlaceId, Disabled = change.Disabled };
        if (after == before)
        {
            return (before, after);
        }
        after = after with { SecurityStamp = NewStamp() };
        await connection.ExecAsync(
            "UPDATE users SET role = @r, scope_place_id = @s, disabled = @d, security_stamp = @stamp WHERE id = @id;", transaction, cancellationToken,
            ("@r", after.Role.ToString()), ("@s", after.ScopePlaceId), ("@d", after.Disabled ? 1 : 0), ("@stamp", after.SecurityStamp), ("@id", id));
        await connection.ExecAsync("DELETE FROM tokens WHERE user_id = @id;", transaction, cancellationToken, ("@id", id));
        await transaction.CommitAsync(cancellationToken);
        return (before, after);
    }

    /// <summary>Sets a new password; a new stamp and no tokens, so every other session of the user ends.</summary>
    public async Task<StaffUser?> SetPasswordAsync(long id, string password, bool mustChangePassword, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        if (await FindAsync(connection, transaction, id, cancellationToken) is not { } user)
        {
            return null;
        }
        user = user with { SecurityStamp = NewStamp(), MustChangePassword = mustChangePassword };
        await connection.ExecAsync(
            "UPDATE users SET password_hash = @h, must_change_password = @must, security_stamp = @stamp WHERE id = @id;", transaction, cancellationToken,
            ("@h", Hasher.HashPassword(user, password)), ("@must", mustChangePassword ? 1 : 0), ("@stamp", user.SecurityStamp), ("@id", id));
        await connection.ExecAsync("DELETE FROM tokens WHERE user_id = @id;", transaction, cancellationToken, ("@id", id));
        await transaction.CommitAsync(cancellationToken);
        return user;
    }

    public async Task<(string Token, DateTimeOffset ExpiresAt)> IssueTokenAsync(StaffUser user, CancellationToken cancellationToken)
    {
        var token = Secrets.New(Secrets.StaffTokenPrefix);
        var expires = time.GetUtcNow() + options.Value.TokenLifetime;
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecAsync("INSERT INTO tokens(hash, user_id, expires_at) VALUES (@h, @u, @e);", null, cancellationToken,
            ("@h", Secrets.Hash(token)), ("@u", user.Id), ("@e", expires.ToString("O", CultureInfo.InvariantCulture)));
        return (token, expires);
    }

    /// <summary>The token's user; null when unknown, expired, or the user is disabled or must change their password.</summary>
    public async Task<StaffUser?> FindByTokenAsync(string token, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrNullAsync<UserRow>(
            $"SELECT {UserColumns}, t.expires_at FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = @h;",
            null, cancellationToken, ("@h", Secrets.Hash(token)));
        if (row is null)
        {
            return null;
        }
        var user = row.ToUser();
        var expires = row.ExpiresAt!.Value;
        // Tokens are deleted on every such change; this is the second lock on the same door.
        return expires <= time.GetUtcNow() || user.Disabled || user.MustChangePassword ? null : user;
    }

    /// <summary>The kind of place a scope names, or null when there is no such place.</summary>
    public async Task<string?> ScopeKindAsync(string placeId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.ScalarAsync<string>("SELECT kind FROM places WHERE id = @id;", null, cancellationToken, ("@id", placeId));
    }

    /// <summary>A users row; the password hash or a token's expiry only when the query selects them.</summary>
    private sealed class UserRow
    {
        public long Id { get; init; }
        public string Username { get; init; } = "";
        public string Role { get; init; } = "";
        public string? ScopePlaceId { get; init; }
        public string SecurityStamp { get; init; } = "";
        public bool Disabled { get; init; }
        public bool MustChangePassword { get; init; }
        public string? PasswordHash { get; init; }
        public DateTimeOffset? ExpiresAt { get; init; }

        public StaffUser ToUser() => new(Id, Username, Enum.Parse<StaffRole>(Role), ScopePlaceId, SecurityStamp, Disabled, MustChangePassword);
    }

    private sealed class InfoRow
    {
        public long Id { get; init; }
        public string Username { get; init; } = "";
        public string Role { get; init; } = "";
        public string? ScopePlaceId { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public bool Disabled { get; init; }
        public bool MustChangePassword { get; init; }

        public UserInfo ToInfo() => new(Id, Username, Enum.Parse<StaffRole>(Role), ScopePlaceId, CreatedAt, Disabled, MustChangePassword);
    }

    private static readonly string DummyHash = Hasher.HashPassword(new StaffUser(0, "", StaffRole.Admin, null), "not-a-password");
}
