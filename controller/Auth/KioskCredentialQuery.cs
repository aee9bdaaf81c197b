using SignageKiosk.Controller.Storage;

namespace SignageKiosk.Controller.Auth;

/// <summary>Which kiosk a device credential belongs to, for bearer authentication (decision 0041: SQL only in stores).</summary>
public sealed class KioskCredentialQuery(ControllerDb db)
{
    /// <summary>The kiosk whose current credential has this hash, or null when none does (unknown or revoked).</summary>
    public async Task<string?> KioskIdAsync(string credentialHash, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.ScalarAsync<string>("SELECT id FROM kiosks WHERE credential_hash = @h;", null, cancellationToken, ("@h", credentialHash));
    }
}
