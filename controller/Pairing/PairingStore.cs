using System.Data.Common;
using System.Globalization;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Audit;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Content;
using SignageKiosk.Controller.Fleet;
using SignageKiosk.Controller.Places;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Shared.Fleet;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Controller.Pairing;

/// <summary>
/// Pairing by code: a kiosk without a credential asks for a code and shows it; an administrator types it in
/// and names the kiosk; the kiosk's next poll receives its credential, once. The credential is minted at that
/// poll, so no usable secret ever rests in the store; codes are single-use, expire, and are logged masked.
/// </summary>
public sealed partial class PairingStore(
    ControllerDb db,
    StructureStore structure,
    CredentialRotation rotation,
    FleetReports reports,
    AuditLog audit,
    TimeProvider time,
    IOptions<PairingOptions> options,
    ILogger<PairingStore> logger)
{
    public const string PollTokenPrefix = "skp_";

    public sealed record Waiting(string CodeHint, string InstallationId, string? SoftwareVersion, string? Address, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);
    public sealed record Claimed(string KioskId, bool Replaced, long Seq);

    /// <summary><see cref="ClaimedBy"/> is set when a claim starts; <see cref="ClaimedAt"/> only once the kiosk exists.</summary>
    private sealed class Row
    {
        public string Code { get; init; } = "";
        public string InstallationId { get; init; } = "";
        public DateTimeOffset ExpiresAt { get; init; }
        public string? ClaimedBy { get; init; }
        public DateTimeOffset? ClaimedAt { get; init; }
        public string? KioskId { get; init; }
        public DateTimeOffset? DeliveredAt { get; init; }
    }

    private sealed class WaitingRow
    {
        public string Code { get; init; } = "";
        public string InstallationId { get; init; } = "";
        public string? SoftwareVersion { get; init; }
        public string? Address { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset ExpiresAt { get; init; }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{8,64}$")]
    private static partial Regex InstallationIdPattern();

    public async Task<PairingTicket> CreateAsync(PairingRequest request, string? address, CancellationToken cancellationToken)
    {
        if (request.InstallationId is null || !InstallationIdPattern().IsMatch(request.InstallationId))
        {
            throw ApiException.BadRequest("安装编号（installationId）须为 8 到 64 个字母、数字、“-”或“_” (installationId must be 8-64 letters, digits, '-' or '_')", "installationId");
        }
        var version = request.SoftwareVersion is { Length: > 64 } long_ ? long_[..64] : request.SoftwareVersion;
        var now = time.GetUtcNow();
        var expires = now + options.Value.CodeLifetime;
        var pollToken = Secrets.New(PollTokenPrefix);
        await using var connection = await db.OpenAsync(cancellationToken);
        // Finished and expired requests are kept a day, so a late poll or claim still gets a clear answer.
        await connection.ExecAsync("DELETE FROM pairing_requests WHERE expires_at < @old AND (claimed_at IS NULL OR claimed_at < @old);",
            null, cancellationToken, ("@old", Stamp(now - TimeSpan.FromDays(1))));
        for (var attempt = 0; ; attempt++)
        {
            var code = PairingCode.New();
            try
            {
                await connection.ExecAsync(
                    """
                    INSERT INTO pairing_requests(code, poll_token_hash, installation_id, software_version, address, created_at, expires_at)
                    VALUES (@code, @poll, @installation, @version, @address, @now, @expires);
                    """,
                    null, cancellationToken, ("@code", code), ("@poll", Secrets.Hash(pollToken)), ("@installation", request.InstallationId),
                    ("@version", version), ("@address", address), ("@now", Stamp(now)), ("@expires", Stamp(expires)));
                logger.LogInformation("Pairing code {CodeHint} issued to installation {InstallationId} at {Address}; it expires at {ExpiresAt}",
                    PairingCode.Mask(code), request.InstallationId, address, expires);
                return new PairingTicket { Code = code, PollToken = pollToken, ExpiresAt = expires };
            }
            catch (Exception e) when (StoreErrors.IsConstraint(e) && attempt < 8)
            {
                // The code is taken (about one chance in ten million per live code); draw another.
            }
        }
    }

    public async Task<PairingPollResult> PollAsync(string? pollToken, CancellationToken cancellationToken)
    {
        if (pollToken is null || !pollToken.StartsWith(PollTokenPrefix, StringComparison.Ordinal))
        {
            throw ApiException.BadRequest("缺少查询令牌（pollToken） (pollToken is required)", "pollToken");
        }
        var now = time.GetUtcNow();
        await using var connection = await db.OpenAsync(cancellationToken);
        var row = await ReadAsync(connection, "poll_token_hash = @key", Secrets.Hash(pollToken), cancellationToken)
            ?? throw ApiException.NotFound("找不到这次配对申请，请重新获取配对码 (unknown pairing request; ask for a new code)");
        if (row.DeliveredAt is not null)
        {
            throw Gone("this pairing is complete; its credential was handed out once");
        }
        if (row.ClaimedAt is null)
        {
            return row.ExpiresAt <= now && row.ClaimedBy is null
                ? throw Gone("this pairing code has expired; ask for a new one")
                : new PairingPollResult { Status = PairingPollResult.Waiting, ExpiresAt = row.ExpiresAt };
        }
        // Exactly once: whoever marks it delivered first gets the credential.
        if (await connection.ExecAsync("UPDATE pairing_requests SET delivered_at = @now WHERE code = @code AND delivered_at IS NULL;",
                null, cancellationToken, ("@now", Stamp(now)), ("@code", row.Code)) == 0)
        {
            throw Gone("this pairing is complete; its credential was handed out once");
        }
        var kioskId = row.KioskId!;
        // The installation holding the pairing code collects it: it is the actor.
        var credential = await structure.RotateCredentialAsync(kioskId, kioskId, null, cancellationToken);
        await rotation.ForgetAsync(kioskId, cancellationToken);
        logger.LogInformation("Kiosk {KioskId} received its device credential (pairing code {CodeHint})", kioskId, PairingCode.Mask(row.Code));
        return new PairingPollResult { Status = PairingPollResult.Paired, KioskId = kioskId, Credential = credential };
    }

    /// <summary>
    /// Creates the kiosk, or replaces an existing one: its credential is revoked and its connections cut at once,
    /// so the old device stops syncing before the new one has even polled.
    /// </summary>
    public async Task<Claimed> ClaimAsync(PairingClaim claim, ClaimsPrincipal caller, string? address, CancellationToken cancellationToken)
    {
        var code = PairingCode.Normalize(claim.Code)
            ?? throw ApiException.BadRequest($"配对码须为 {PairingCode.Length} 个字符，只能取自 {PairingCode.Alphabet} (code must be {PairingCode.Length} characters from {PairingCode.Alphabet})", "code");
        if (string.IsNullOrWhiteSpace(claim.KioskId))
        {
            throw ApiException.BadRequest("请填写屏幕编号（kioskId） (kioskId is required)", "kioskId");
        }
        if (string.IsNullOrWhiteSpace(claim.Name))
        {
            throw ApiException.BadRequest("请填写屏幕名称（name） (name is required)", "name");
        }
        if (string.IsNullOrWhiteSpace(claim.StationId))
        {
            throw ApiException.BadRequest("请选择驿站（stationId） (stationId is required)", "stationId");
        }
        var kiosk = new Kiosk { Id = claim.KioskId, Name = claim.Name, StationId = claim.StationId, PlaceId = claim.PlaceId };
        var now = time.GetUtcNow();
        Row row;
        await using (var connection = await db.OpenAsync(cancellationToken))
        {
            var reserved = await connection.ExecAsync(
                "UPDATE pairing_requests SET claimed_by = @actor, kiosk_id = @kiosk WHERE code = @code AND claimed_by IS NULL AND expires_at > @now;",
                null, cancellationToken, ("@now", Stamp(now)), ("@actor", caller.Actor()), ("@kiosk", kiosk.Id), ("@code", code));
            row = await ReadAsync(connection, "code = @key", code, cancellationToken)
                ?? throw ApiException.NotFound("没有屏幕正在显示这个配对码，请核对屏幕上的配对码 (no kiosk is showing this pairing code; check the code on the screen)");
            if (reserved == 0)
            {
                throw row.ClaimedBy is not null
                    ? Gone("this pairing code was already used; the kiosk shows a new code if it still needs one")
                    : Gone("this pairing code has expired; the kiosk shows a new one");
            }
        }
        try
        {
            var replaced = await structure.GetAsync<Kiosk>("kiosks", kiosk.Id, cancellationToken) is not null;
            var (seq, _) = await structure.UpsertKioskAsync(kiosk, replaced ? WriteMode.Replace : WriteMode.Create, caller, cancellationToken);
            if (replaced)
            {
                await structure.RotateCredentialAsync(kiosk.Id, caller.Actor(), address, cancellationToken);
            }
            await rotation.ForgetAsync(kiosk.Id, cancellationToken);
            // Only now may the kiosk's poll collect a credential: the kiosk exists.
            await using (var connection = await db.OpenAsync(cancellationToken))
            {
                await connection.ExecAsync("UPDATE pairing_requests SET claimed_at = @now WHERE code = @code;", null, cancellationToken, ("@now", Stamp(time.GetUtcNow())), ("@code", code));
            }
            await reports.RecordInstallationAsync(kiosk.Id, row.InstallationId, cancellationToken);
            await audit.RecordAsync(caller.Actor(), address, replaced ? "pair-replace" : "pair", "kiosks", kiosk.Id, now, cancellationToken);
            logger.LogInformation("{Actor} paired installation {InstallationId} as kiosk {KioskId} (code {CodeHint}){Replaced}",
                caller.Actor(), row.InstallationId, kiosk.Id, PairingCode.Mask(code), replaced ? ", replacing the previous device" : "");
            return new Claimed(kiosk.Id, replaced, seq);
        }
        catch
        {
            // The kiosk could not be created (a bad station, say): the code stays usable for a corrected claim.
            await using var connection = await db.OpenAsync(CancellationToken.None);
            await connection.ExecAsync("UPDATE pairing_requests SET claimed_by = NULL, kiosk_id = NULL WHERE code = @code AND claimed_at IS NULL;",
                null, CancellationToken.None, ("@code", code));
            throw;
        }
    }

    /// <summary>Kiosks waiting to be paired, for the staff page. Codes are masked: pairing must need the screen in front of you.</summary>
    public async Task<List<Waiting>> WaitingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<WaitingRow>(
            "SELECT code, installation_id, software_version, address, created_at, expires_at FROM pairing_requests WHERE claimed_by IS NULL AND expires_at > @now ORDER BY created_at;",
            null, cancellationToken, ("@now", Stamp(time.GetUtcNow())));
        return rows.ConvertAll(r => new Waiting(PairingCode.Mask(r.Code), r.InstallationId, r.SoftwareVersion, r.Address, r.CreatedAt, r.ExpiresAt));
    }

    private static Task<Row?> ReadAsync(DbConnection connection, string where, string key, CancellationToken cancellationToken) =>
        connection.QuerySingleOrNullAsync<Row>(
            $"SELECT code, installation_id, expires_at, claimed_by, claimed_at, kiosk_id, delivered_at FROM pairing_requests WHERE {where};",
            null, cancellationToken, ("@key", key));

    private static ApiException Gone(string message) => new(StatusCodes.Status410Gone, message);

    private static string Stamp(DateTimeOffset at) => at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
}
