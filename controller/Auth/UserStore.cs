using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using SignageKiosk.Controller.Storage;

namespace SignageKiosk.Controller.Auth;

/// <summary>Staff accounts and their bearer tokens. Passwords go through ASP.NET Core Identity's hasher.</summary>
public sealed class UserStore(ControllerDb db, TimeProvider time, IOptions<AuthOptions> options)
{
    private static readonly PasswordHasher<StaffUser> Hasher = new();

    public async Task<StaffUser> CreateAsync(string username, string password, StaffRole role, string? scopePlaceId, CancellationToken cancellationToken)
    {
        var user = new StaffUser(0, username, role, scopePlaceId);
        await using var connection = await db.OpenAsync(cancellationToken);
        var id = await connection.ScalarAsync<long>(
            "INSERT INTO users(username, password_hash, role, scope_place_id, created_at) VALUES (@u, @h, @r, @s, @now) RETURNING id;",
            null, cancellationToken,
            ("@u", username), ("@h", Hasher.HashPassword(user, password)), ("@r", role.ToString()), ("@s", scopePlaceId),
            ("@now", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)));
        return user with { Id = id };
    }

    public sealed record UserInfo(long Id, string Username, StaffRole Role, string? ScopePlaceId, DateTimeOffset CreatedAt);

    public async Task<List<UserInfo>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT id, username, role, scope_place_id, created_at FROM users ORDER BY id;");
        var result = new List<UserInfo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new UserInfo(reader.GetInt64(0), reader.GetString(1), Enum.Parse<StaffRole>(reader.GetString(2)), reader.GetStringOrNull(3),
                DateTimeOffset.Parse(reader.GetString(4), CultureInfo.InvariantCulture)));
        }
        return result;
    }

    /// <summary>Removes a user and, through the foreign key, every token they hold.</summary>
    public async Task<bool> DeleteAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.ExecAsync("DELETE FROM users WHERE id = @id;", null, cancellationToken, ("@id", id)) > 0;
    }

    public async Task<bool> ExistsAsync(string username, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.ScalarAsync<long>("SELECT count(*) FROM users WHERE username = @u;", null, cancellationToken, ("@u", username)) > 0;
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.ScalarAsync<long>("SELECT count(*) FROM users;", null, cancellationToken);
    }

    public async Task<StaffUser?> VerifyPasswordAsync(string username, string password, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT id, username, role, scope_place_id, password_hash FROM users WHERE username = @u;", null, ("@u", username));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            // Same work as a real check, so timing does not tell which usernames exist.
            Hasher.VerifyHashedPassword(new StaffUser(0, username, StaffRole.Admin, null), DummyHash, password);
            return null;
        }
        var user = new StaffUser(reader.GetInt64(0), reader.GetString(1), Enum.Parse<StaffRole>(reader.GetString(2)), reader.GetStringOrNull(3));
        return Hasher.VerifyHashedPassword(user, reader.GetString(4), password) == PasswordVerificationResult.Failed ? null : user;
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

    public async Task<StaffUser?> FindByTokenAsync(string token, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            "SELECT u.id, u.username, u.role, u.scope_place_id, t.expires_at FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = @h;",
            null, ("@h", Secrets.Hash(token)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        var expires = DateTimeOffset.Parse(reader.GetString(4), CultureInfo.InvariantCulture);
        return expires <= time.GetUtcNow()
            ? null
            : new StaffUser(reader.GetInt64(0), reader.GetString(1), Enum.Parse<StaffRole>(reader.GetString(2)), reader.GetStringOrNull(3));
    }

    private static readonly string DummyHash = Hasher.HashPassword(new StaffUser(0, "", StaffRole.Admin, null), "not-a-password");
}
