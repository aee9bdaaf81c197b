using System.Data.Common;
using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Content;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Roster;
using SignageKiosk.Shared.Wishes;

namespace SignageKiosk.Controller.Wishes;

/// <summary>
/// Micro-wishes: the public part (the wish) goes through <see cref="ContentStore"/> and the change log like any item;
/// the private part (who it is for, who offered to help and their phone) stays in wish_notes and wish_claims, written
/// in the same transaction, read only by the staff who may edit wishes in that area.
/// </summary>
public sealed class WishStore(ControllerDb db, ContentStore content, IOptions<WishOptions> options, TimeProvider time, ILogger<WishStore> logger)
{
    public const int MaxNote = 500;

    /// <summary>Today in the community's time zone (the dates on a wish are dates, not instants).</summary>
    public DateOnly Today() => DateOnly.FromDateTime(new StationClock(null).ToLocal(time.GetUtcNow()));

    /// <summary>Posts or edits a wish and its private note (blank: none) in one write.</summary>
    public Task<long> SaveAsync(MicroWish wish, string? note, WriteMode mode, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        note = StaffText.CleanOrNull(note)?.Trim();
        if (note is { Length: > MaxNote })
        {
            throw ApiException.BadRequest($"备注最多 {MaxNote} 个字 (the note is longer than {MaxNote} characters)", "note");
        }
        return content.UpsertAsync(ContentKind.MicroWish, wish, mode, user, cancellationToken, async (connection, transaction) =>
        {
            if (string.IsNullOrEmpty(note))
            {
                await connection.ExecAsync("DELETE FROM wish_notes WHERE wish_id = @id;", transaction, cancellationToken, ("@id", wish.Id));
                return;
            }
            await connection.ExecAsync(
                """
                INSERT INTO wish_notes(wish_id, note, updated_at, updated_by) VALUES (@id, @note, @now, @actor)
                ON CONFLICT(wish_id) DO UPDATE SET note = excluded.note, updated_at = excluded.updated_at, updated_by = excluded.updated_by;
                """, transaction, cancellationToken, ("@id", wish.Id), ("@note", note), ("@now", Now()), ("@actor", user.Actor()));
        });
    }

    /// <summary>A wish in the caller's area, or null (not there, or not theirs: the same answer).</summary>
    public async Task<MicroWish?> GetAsync(string id, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        (await content.GetAsync(ContentKind.MicroWish, id, user, cancellationToken))?.Item as MicroWish;

    public async Task<List<MicroWish>> ListAsync(ClaimsPrincipal user, CancellationToken cancellationToken) =>
        (await content.ListAsync(ContentKind.MicroWish, user, cancellationToken)).Select(s => (MicroWish)s.Item).ToList();

    /// <summary>The private notes of these wishes (the caller has already been given the wishes, so may read them).</summary>
    public async Task<Dictionary<string, string>> NotesAsync(IReadOnlyCollection<string> wishIds, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (wishIds.Count == 0)
        {
            return result;
        }
        await using var connection = await db.OpenAsync(cancellationToken);
        foreach (var row in await connection.QueryAsync<NoteRow>("SELECT wish_id, note FROM wish_notes WHERE wish_id IN (SELECT value FROM json_each(@ids));",
            null, cancellationToken, ("@ids", ContentJson.Serialize(wishIds))))
        {
            result[row.WishId] = row.Note;
        }
        return result;
    }

    /// <summary>Every claim of these wishes, newest first (the caller has already been given the wishes).</summary>
    public async Task<List<WishClaim>> ClaimsAsync(IReadOnlyCollection<string> wishIds, CancellationToken cancellationToken)
    {
        if (wishIds.Count == 0)
        {
            return [];
        }
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ClaimRow>(
            $"SELECT {ClaimColumns} FROM wish_claims WHERE wish_id IN (SELECT value FROM json_each(@ids)) ORDER BY id DESC;",
            null, cancellationToken, ("@ids", ContentJson.Serialize(wishIds)));
        return [.. rows.Select(r => r.ToClaim())];
    }

    /// <summary>A published wish as anyone may see it (the phone page): only its public fields, never the note or claims.</summary>
    public async Task<MicroWish?> FindPublicAsync(string id, CancellationToken cancellationToken)
    {
        if (id.Length > ContentValidator.MaxIdLength)
        {
            return null;
        }
        await using var connection = await db.OpenAsync(cancellationToken);
        var payload = await connection.ScalarAsync<string>("SELECT payload FROM items WHERE kind = @kind AND id = @id;", null, cancellationToken, ("@kind", ContentKind.MicroWish), ("@id", id));
        return payload is null ? null : ContentJson.Deserialize<MicroWish>(payload);
    }

    /// <summary>
    /// A claim from the phone page: kept pending (the wish stays open on the boards) until staff confirm it. Limited
    /// per client address and per wish, counted in the store so a restart does not reset the budget.
    /// </summary>
    public async Task<PublicClaimResult> SubmitPublicAsync(string wishId, string name, string phone, bool saysParty, string clientAddress, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        var payload = await connection.ScalarAsync<string>("SELECT payload FROM items WHERE kind = @kind AND id = @id;", transaction, cancellationToken, ("@kind", ContentKind.MicroWish), ("@id", wishId));
        if (payload is null)
        {
            return PublicClaimResult.NotFound;
        }
        if (ContentJson.Deserialize<MicroWish>(payload).State != WishState.Open)
        {
            return PublicClaimResult.NotOpen;
        }
        var since = time.GetUtcNow().AddHours(-1).ToString("O", CultureInfo.InvariantCulture);
        var fromAddress = await connection.ScalarAsync<long>("SELECT count(*) FROM wish_claims WHERE client_address = @address AND created_at > @since;", transaction, cancellationToken, ("@address", clientAddress), ("@since", since));
        var waiting = await connection.ScalarAsync<long>("SELECT count(*) FROM wish_claims WHERE wish_id = @id AND state = 'pending';", transaction, cancellationToken, ("@id", wishId));
        if (fromAddress >= Math.Max(1, options.Value.ClaimsPerAddressPerHour) || waiting >= Math.Max(1, options.Value.PendingClaimsPerWish))
        {
            logger.LogWarning("Wish claim from {Address} for {WishId} refused: {FromAddress} this hour, {Waiting} waiting", clientAddress, wishId, fromAddress, waiting);
            return PublicClaimResult.TooMany;
        }
        await connection.ExecAsync(
            """
            INSERT INTO wish_claims(wish_id, source, name, phone, says_party, state, client_address, created_at)
            VALUES (@id, 'phone', @name, @phone, @party, 'pending', @address, @now);
            """, transaction, cancellationToken, ("@id", wishId), ("@name", name.Trim()), ("@phone", WishRules.NormalisePhone(phone)),
            ("@party", saysParty ? 1 : 0), ("@address", clientAddress), ("@now", Now()));
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Wish {WishId} has a pending claim from the phone page", wishId);
        return PublicClaimResult.Received;
    }

    /// <summary>
    /// Staff confirm a pending claim: the wish becomes claimed on the boards (the badge only if staff confirm the Party
    /// membership), the claim confirmed and any other pending claim of the wish superseded, in one write.
    /// </summary>
    public async Task<long> ConfirmAsync(long claimId, bool partyConfirmed, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var claim = await ClaimAsync(claimId, cancellationToken) ?? throw ApiException.NotFound("没有这条认领 (no such claim)");
        var wish = await GetAsync(claim.WishId, user, cancellationToken) ?? throw ApiException.NotFound("没有这条认领 (no such claim)");
        if (claim.State != WishClaim.Pending)
        {
            throw ApiException.Conflict("这条认领已经处理过了 (the claim has already been handled)");
        }
        if (wish.State != WishState.Open)
        {
            throw ApiException.Conflict("这个心愿已有人认领或已实现 (the wish is no longer open)");
        }
        var claimed = wish with { State = WishState.Claimed, ClaimedBy = WishRules.PublicName(claim.Name), ClaimedByPartyMember = partyConfirmed, ClaimedOn = Today() };
        return await content.UpsertAsync(ContentKind.MicroWish, claimed, WriteMode.Replace, user, cancellationToken, async (connection, transaction) =>
        {
            var changed = await connection.ExecAsync(
                "UPDATE wish_claims SET state = 'confirmed', party_confirmed = @party, decided_at = @now, decided_by = @actor WHERE id = @claim AND state = 'pending';",
                transaction, cancellationToken, ("@party", partyConfirmed ? 1 : 0), ("@now", Now()), ("@actor", user.Actor()), ("@claim", claimId));
            if (changed != 1)
            {
                throw ApiException.Conflict("这条认领已经处理过了 (the claim has already been handled)");
            }
            await SupersedeOthersAsync(connection, transaction, wish.Id, user, cancellationToken);
        });
    }

    /// <summary>Staff turn a pending claim down; the boards do not change.</summary>
    public async Task RejectAsync(long claimId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var claim = await ClaimAsync(claimId, cancellationToken) ?? throw ApiException.NotFound("没有这条认领 (no such claim)");
        if (await GetAsync(claim.WishId, user, cancellationToken) is null || !MayEdit(user))
        {
            throw ApiException.NotFound("没有这条认领 (no such claim)");
        }
        await using var connection = await db.OpenAsync(cancellationToken);
        var changed = await connection.ExecAsync(
            "UPDATE wish_claims SET state = 'rejected', decided_at = @now, decided_by = @actor WHERE id = @claim AND state = 'pending';",
            null, cancellationToken, ("@now", Now()), ("@actor", user.Actor()), ("@claim", claimId));
        if (changed != 1)
        {
            throw ApiException.Conflict("这条认领已经处理过了 (the claim has already been handled)");
        }
    }

    /// <summary>
    /// Staff claim a wish for someone: a person on the area's roster (their Party membership gives the badge) or a
    /// volunteer's name typed (the badge only if staff tick that they checked the membership).
    /// </summary>
    public async Task<long> ClaimForAsync(string wishId, string? personId, string? typedName, bool typedPartyConfirmed, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var wish = await GetAsync(wishId, user, cancellationToken) ?? throw ApiException.NotFound("没有这个心愿 (no such wish)");
        if (wish.State != WishState.Open)
        {
            throw ApiException.Conflict("这个心愿已有人认领或已实现 (the wish is no longer open)");
        }
        string name;
        bool party;
        if (!string.IsNullOrWhiteSpace(personId))
        {
            if ((await content.GetAsync(ContentKind.Person, personId, user, cancellationToken))?.Item is not Person person)
            {
                throw ApiException.BadRequest("请从本辖区名单中选择认领人 (pick someone on your area's roster)", "personId");
            }
            name = person.Name;
            party = person.Party != PartyMembership.None;
        }
        else
        {
            var errors = new List<ValidationError>();
            WishRules.ValidateName(typedName, errors, "claimName");
            if (errors.Count > 0)
            {
                throw ApiException.BadRequest(errors[0].ChineseOrMessage, "claimName");
            }
            name = typedName!.Trim();
            party = typedPartyConfirmed;
        }
        var claimed = wish with { State = WishState.Claimed, ClaimedBy = WishRules.PublicName(name), ClaimedByPartyMember = party, ClaimedOn = Today() };
        return await content.UpsertAsync(ContentKind.MicroWish, claimed, WriteMode.Replace, user, cancellationToken, async (connection, transaction) =>
        {
            await connection.ExecAsync(
                """
                INSERT INTO wish_claims(wish_id, source, name, person_id, says_party, party_confirmed, state, created_at, decided_at, decided_by)
                VALUES (@id, 'staff', @name, @person, @party, @party, 'confirmed', @now, @now, @actor);
                """, transaction, cancellationToken, ("@id", wishId), ("@name", name), ("@person", string.IsNullOrWhiteSpace(personId) ? null : personId),
                ("@party", party ? 1 : 0), ("@now", Now()), ("@actor", user.Actor()));
            await SupersedeOthersAsync(connection, transaction, wishId, user, cancellationToken);
        });
    }

    /// <summary>Marks a wish fulfilled today (claimed or still open: a wish can come true without a claim here).</summary>
    public async Task<long> FulfilAsync(string wishId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var wish = await GetAsync(wishId, user, cancellationToken) ?? throw ApiException.NotFound("没有这个心愿 (no such wish)");
        if (wish.State == WishState.Fulfilled)
        {
            throw ApiException.Conflict("这个心愿已经实现了 (already fulfilled)");
        }
        return await content.UpsertAsync(ContentKind.MicroWish, wish with { State = WishState.Fulfilled, FulfilledOn = Today() }, WriteMode.Replace, user, cancellationToken,
            (connection, transaction) => SupersedeOthersAsync(connection, transaction, wishId, user, cancellationToken));
    }

    /// <summary>Withdraws a wish from every board; its note and claims go with it (ContentStore.DeleteAsync).</summary>
    public async Task<long> WithdrawAsync(string wishId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        // Outside the caller's area a wish does not exist, as on every other button.
        _ = await GetAsync(wishId, user, cancellationToken) ?? throw ApiException.NotFound("没有这个心愿 (no such wish)");
        return await content.DeleteAsync(ContentKind.MicroWish, wishId, user, cancellationToken);
    }

    private async Task SupersedeOthersAsync(DbConnection connection, DbTransaction transaction, string wishId, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await connection.ExecAsync("UPDATE wish_claims SET state = 'superseded', decided_at = @now, decided_by = @actor WHERE wish_id = @id AND state = 'pending';",
            transaction, cancellationToken, ("@now", Now()), ("@actor", user.Actor()), ("@id", wishId));

    private async Task<WishClaim?> ClaimAsync(long claimId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return (await connection.QuerySingleOrNullAsync<ClaimRow>($"SELECT {ClaimColumns} FROM wish_claims WHERE id = @id;", null, cancellationToken, ("@id", claimId)))?.ToClaim();
    }

    private const string ClaimColumns = "id, wish_id, source, name, phone, person_id, says_party, party_confirmed, state, created_at, decided_at, decided_by";

    private sealed class ClaimRow
    {
        public long Id { get; init; }
        public string WishId { get; init; } = "";
        public string Source { get; init; } = "";
        public string Name { get; init; } = "";
        public string? Phone { get; init; }
        public string? PersonId { get; init; }
        public bool SaysParty { get; init; }
        public bool PartyConfirmed { get; init; }
        public string State { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset? DecidedAt { get; init; }
        public string? DecidedBy { get; init; }

        public WishClaim ToClaim() => new(Id, WishId, Source, Name, Phone, PersonId, SaysParty, PartyConfirmed, State, CreatedAt, DecidedAt, DecidedBy);
    }

    private sealed class NoteRow
    {
        public string WishId { get; init; } = "";
        public string Note { get; init; } = "";
    }

    private static bool MayEdit(ClaimsPrincipal user) => user.StaffRole() is { } role && StaffPermissions.MayEdit(role, ContentKind.MicroWish);

    private string Now() => time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
}
