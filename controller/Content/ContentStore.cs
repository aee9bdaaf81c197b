using System.Data.Common;
using System.Globalization;
using System.Security.Claims;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Api.Paging;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Places;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Controller.Sync;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Hotlines;
using SignageKiosk.Shared.Places;
using SignageKiosk.Shared.Roster;
using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Controller.Content;

public enum WriteMode
{
    Create,
    Replace,
    /// <summary>Create or replace (an approved submission lands whatever happened meanwhile).</summary>
    Upsert,
}

/// <summary>Content items: validated, scope-checked and published through the change log.</summary>
public sealed class ContentStore(ControllerDb db, Publisher publisher, TimeProvider time)
{
    /// <param name="PlaceName">The target place's name, filled in by <see cref="PageAsync"/> for the staff lists.</param>
    public sealed record Stored(ContentItem Item, long Version, DateTimeOffset UpdatedAt, string? UpdatedBy, string? PlaceName = null);

    /// <summary>How a page of a list is ordered: by id (the API) or as its staff page shows it.</summary>
    public enum ListOrder
    {
        Id,
        Display,
    }

    /// <param name="alongside">
    /// More writes in the same transaction, after the item's (a wish's private note, its claim's state): both land or
    /// neither does. It may throw an <see cref="ApiException"/> to refuse the whole write.
    /// </param>
    public async Task<long> UpsertAsync(string kind, ContentItem item, WriteMode mode, ClaimsPrincipal caller, CancellationToken cancellationToken,
        Func<DbConnection, DbTransaction, Task>? alongside = null)
    {
        item = ContentJson.Normalise(item);
        // A masked private number is checked after it is restored from the stored one (inside the write).
        if (item is not Person { Phone: var phone } || !PhoneMask.IsMasked(phone))
        {
            Validate(item);
        }
        return await publisher.WriteAsync(caller.Actor(), async (connection, transaction) =>
        {
            var existing = await CheckAsync(connection, transaction, kind, item, mode, caller, cancellationToken);
            item = WithMaskedPhoneRestored(item, existing?.Item, caller);
            Validate(item);
            var payload = ContentJson.Serialize((object)item);
            await connection.ExecAsync(
                """
                INSERT INTO items(kind, id, target_place_id, target_kiosk_id, payload, version, updated_at, updated_by)
                VALUES (@kind, @id, @place, @kiosk, @payload, @version, @now, @actor)
                ON CONFLICT(kind, id) DO UPDATE SET target_place_id = excluded.target_place_id, target_kiosk_id = excluded.target_kiosk_id,
                    payload = excluded.payload, version = excluded.version, updated_at = excluded.updated_at, updated_by = excluded.updated_by;
                """,
                transaction, cancellationToken,
                ("@kind", kind), ("@id", item.Id), ("@place", item.Target.PlaceId), ("@kiosk", item.Target.KioskId), ("@payload", payload),
                ("@version", (existing?.Version ?? 0) + 1), ("@now", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)), ("@actor", caller.Actor()));
            if (alongside is not null)
            {
                await alongside(connection, transaction);
            }
            var changes = new List<ChangeRecord>();
            if (existing is not null && existing.Item.Target != item.Target)
            {
                // Kiosks that no longer see the item must drop it.
                changes.Add(new ChangeRecord(0, kind, item.Id, ChangeOp.Delete, existing.Item.Target.PlaceId, existing.Item.Target.KioskId, null));
            }
            changes.Add(new ChangeRecord(0, kind, item.Id, ChangeOp.Upsert, item.Target.PlaceId, item.Target.KioskId, payload));
            return changes;
        }, cancellationToken);
    }

    /// <summary>
    /// A private number comes back masked from anyone who may not read it (they edited what they were shown): the
    /// masked form of the stored number means "unchanged". Making such a number public needs the right to read it.
    /// </summary>
    private static ContentItem WithMaskedPhoneRestored(ContentItem item, ContentItem? existing, ClaimsPrincipal caller)
    {
        if (item is not Person { Phone: { } phone } person || !PhoneMask.IsMasked(phone))
        {
            return item;
        }
        if (existing is not Person { Phone: { Length: > 0 } stored } was || PhoneMask.Mask(stored) != PhoneMask.Mask(phone))
        {
            throw ApiException.BadRequest("电话号码里有被隐藏的数字（*），请填写完整号码 (the phone number is masked; enter the whole number)", "phone");
        }
        if (person.PhonePublic && !was.PhonePublic && !StaffPermissions.MayReadPrivatePhones(caller.StaffRole()))
        {
            throw ApiException.Forbidden("只有管理员和社区工作人员可以公开私密号码，或请填写完整号码 (only administrators and community staff may make a private number public)");
        }
        return person with { Phone = stored };
    }

    /// <summary>What the caller may see of a stored item: a private number masked unless their role may read it.</summary>
    private static Stored ForCaller(Stored stored, ClaimsPrincipal caller) =>
        stored.Item is Person person && !StaffPermissions.MayReadPrivatePhones(caller.StaffRole())
            ? stored with { Item = person.WithPrivatePhoneMasked() }
            : stored;

    /// <summary>Every check a write would make, without writing: for submissions that wait for review.</summary>
    public async Task ValidateAsync(string kind, ContentItem item, WriteMode mode, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        item = ContentJson.Normalise(item);
        Validate(item);
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginSnapshotAsync(cancellationToken);
        await CheckAsync(connection, transaction, kind, item, mode, caller, cancellationToken);
    }

    private static async Task<Stored?> CheckAsync(DbConnection connection, DbTransaction transaction, string kind, ContentItem item, WriteMode mode, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        var existing = await ReadRowAsync(connection, transaction, kind, item.Id, cancellationToken);
        if (mode == WriteMode.Create && existing is not null)
        {
            throw ApiException.Conflict($"{kind}/{item.Id} 已存在，修改请用 PUT ({kind}/{item.Id} already exists; use PUT to change it)");
        }
        if (mode == WriteMode.Replace && existing is null)
        {
            throw ApiException.NotFound($"{ContentKind.Chinese(kind)} {item.Id} 不存在 ({kind}/{item.Id} does not exist)");
        }
        await AuthorizeAsync(connection, transaction, caller, kind, item.Target, cancellationToken);
        await AuthorizeItemAsync(connection, transaction, caller, item, cancellationToken);
        if (existing is not null)
        {
            // Moving (or re-roling) an item needs the right over what it was as well as what it becomes.
            await AuthorizeAsync(connection, transaction, caller, kind, existing.Item.Target, cancellationToken);
            await AuthorizeItemAsync(connection, transaction, caller, existing.Item, cancellationToken);
        }
        await CheckReferencesAsync(connection, transaction, item, cancellationToken);
        return existing;
    }

    public async Task<long> DeleteAsync(string kind, string id, ClaimsPrincipal caller, CancellationToken cancellationToken) =>
        await publisher.WriteAsync(caller.Actor(), async (connection, transaction) =>
        {
            var existing = await ReadRowAsync(connection, transaction, kind, id, cancellationToken)
                ?? throw ApiException.NotFound($"{ContentKind.Chinese(kind)} {id} 不存在 ({kind}/{id} does not exist)");
            await AuthorizeAsync(connection, transaction, caller, kind, existing.Item.Target, cancellationToken);
            await AuthorizeItemAsync(connection, transaction, caller, existing.Item, cancellationToken);
            if (kind == ContentKind.Person)
            {
                var uses = await connection.ScalarAsync<long>(
                    "SELECT count(*) FROM items WHERE kind = 'roster' AND json_extract(payload, '$.personId') = @id;", transaction, cancellationToken, ("@id", id));
                if (uses > 0)
                {
                    throw ApiException.Conflict($"这位人员还在 {uses} 条楼栋公示里，请先移除 (people/{id} is still on {uses} roster entries; remove those first)");
                }
            }
            await connection.ExecAsync("DELETE FROM items WHERE kind = @kind AND id = @id;", transaction, cancellationToken, ("@kind", kind), ("@id", id));
            if (kind == ContentKind.MicroWish)
            {
                // Who it was for and who offered to help go with it: nothing private outlives a withdrawn wish.
                await connection.ExecAsync("DELETE FROM wish_notes WHERE wish_id = @id; DELETE FROM wish_claims WHERE wish_id = @id;", transaction, cancellationToken, ("@id", id));
            }
            return [new ChangeRecord(0, kind, id, ChangeOp.Delete, existing.Item.Target.PlaceId, existing.Item.Target.KioskId, null)];
        }, cancellationToken);

    /// <param name="wholePhones">
    /// Private numbers whole whatever the caller's role: only for the controller's own comparisons (an import matching
    /// rows to people), never for anything shown or sent to the caller.
    /// </param>
    public async Task<Stored?> GetAsync(string kind, string id, ClaimsPrincipal caller, CancellationToken cancellationToken, bool wholePhones = false)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var row = await ReadRowAsync(connection, null, kind, id, cancellationToken);
        if (row is null)
        {
            return null;
        }
        var chain = await TargetChainAsync(connection, null, row.Item.Target, cancellationToken);
        return !StaffPermissions.InScope(caller.StaffRole()!.Value, caller.ScopePlaceId(), chain) ? null : wholePhones ? row : ForCaller(row, caller);
    }

    /// <summary>A published item's payload as stored, whoever asks (the public pages check what they may show).</summary>
    public async Task<string?> PublishedPayloadAsync(string kind, string id, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.ScalarAsync<string>("SELECT payload FROM items WHERE kind = @kind AND id = @id;", null, cancellationToken, ("@kind", kind), ("@id", id));
    }

    /// <param name="wholePhones">As for <see cref="GetAsync"/>: for the controller's own comparisons only.</param>
    public async Task<List<Stored>> ListAsync(string kind, ClaimsPrincipal caller, CancellationToken cancellationToken, bool wholePhones = false)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var admin = caller.StaffRole() == StaffRole.Admin;
        var rows = await connection.QueryAsync<ItemRow>(admin
            ? "SELECT payload, version, updated_at, updated_by FROM items WHERE kind = @kind ORDER BY id;"
            : """
              WITH RECURSIVE sub(id) AS (SELECT @scope UNION SELECT p.id FROM places p JOIN sub ON p.parent_id = sub.id)
              SELECT payload, version, updated_at, updated_by FROM items
              WHERE kind = @kind AND (target_place_id IN (SELECT id FROM sub) OR target_kiosk_id IN (
                  SELECT k.id FROM kiosks k JOIN stations s ON s.id = k.station_id WHERE coalesce(k.place_id, s.place_id) IN (SELECT id FROM sub)))
              ORDER BY id;
              """, null, cancellationToken, ("@kind", kind), ("@scope", caller.ScopePlaceId()));
        var result = new List<Stored>(rows.Count);
        foreach (var row in rows)
        {
            var stored = row.ToStored(kind);
            result.Add(wholePhones ? stored : ForCaller(stored, caller));
        }
        return result;
    }

    /// <summary>
    /// One page of a kind's items in the caller's area (decision 0033): searched, narrowed to a place's subtree and a
    /// date range, counted and cut in SQL, so a list of 10,000 items costs one page's rows. Private numbers are masked
    /// as in <see cref="ListAsync"/>. A <c>placeId</c> that does not exist or lies outside the caller's area is a 400
    /// (out of area looks the same as absent).
    /// </summary>
    public async Task<ListPage<Stored>> PageAsync(string kind, ClaimsPrincipal caller, ListQuery query, ContentListFilter filter, CancellationToken cancellationToken,
        ListOrder order = ListOrder.Id)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var role = caller.StaffRole()!.Value;
        var parameters = new List<(string, object?)> { ("@kind", kind), ("@phones", StaffPermissions.MayReadPrivatePhones(role) ? 1 : 0) };
        var where = new List<string> { "i.kind = @kind" };
        string? cte = null;
        if (filter.PlaceId is { } placeId)
        {
            var chain = await KioskDirectory.AncestryAsync(connection, null, placeId, cancellationToken);
            if (chain.Count == 0 || !StaffPermissions.InScope(role, caller.ScopePlaceId(), chain))
            {
                throw ApiException.BadRequest($"地点 '{placeId}' 不存在或不在你的管辖范围内 (placeId '{placeId}' is not a place in your area)", "placeId");
            }
            // The place lies inside the caller's area, so its subtree is all the scoping needed.
            cte = "WITH RECURSIVE sub(id) AS (SELECT @place UNION SELECT p.id FROM places p JOIN sub ON p.parent_id = sub.id) ";
            parameters.Add(("@place", placeId));
        }
        else if (role != StaffRole.Admin)
        {
            cte = "WITH RECURSIVE sub(id) AS (SELECT @place UNION SELECT p.id FROM places p JOIN sub ON p.parent_id = sub.id) ";
            parameters.Add(("@place", caller.ScopePlaceId()));
        }
        if (cte is not null)
        {
            where.Add("""
                (i.target_place_id IN (SELECT id FROM sub) OR (i.target_kiosk_id IS NOT NULL AND i.target_kiosk_id IN (
                    SELECT k.id FROM kiosks k JOIN stations s ON s.id = k.station_id WHERE coalesce(k.place_id, s.place_id) IN (SELECT id FROM sub))))
                """);
        }
        if (query.LikePattern is { } pattern)
        {
            where.Add(ContentListSql.Search(kind));
            parameters.Add(("@q", pattern));
        }
        if (filter.From is not null || filter.To is not null)
        {
            where.AddRange(ContentListSql.DateRange(kind, filter.From is not null, filter.To is not null));
            var clock = new StationClock(null);
            if (filter.From is { } from)
            {
                parameters.Add(("@fromDate", from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
                parameters.Add(("@fromAt", clock.ToInstant(from.ToDateTime(TimeOnly.MinValue)).ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)));
            }
            if (filter.To is { } to)
            {
                parameters.Add(("@toDate", to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
                parameters.Add(("@toAt", clock.ToInstant(to.AddDays(1).ToDateTime(TimeOnly.MinValue)).ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)));
            }
        }
        if (filter.State is { } state && ContentListSql.State(kind, state) is { } stateCondition)
        {
            where.Add(stateCondition);
            parameters.Add(("@state", state));
        }
        var condition = string.Join(" AND ", where);
        var total = await connection.ScalarAsync<long>($"{cte}SELECT count(*) FROM items i WHERE {condition};", null, cancellationToken, [.. parameters]);
        parameters.Add(("@limit", query.Limit));
        parameters.Add(("@offset", query.Offset));
        var rows = await connection.QueryAsync<ItemRow>(
            $"""
            {cte}SELECT i.payload, i.version, i.updated_at, i.updated_by,
                (SELECT json_extract(p.payload, '$.name') FROM places p WHERE p.id = i.target_place_id) AS place_name
            FROM items i WHERE {condition}
            ORDER BY {(order == ListOrder.Display ? ContentListSql.DisplayOrder(kind) : "i.id")}
            LIMIT @limit OFFSET @offset;
            """, null, cancellationToken, [.. parameters]);
        return ListPage<Stored>.Of([.. rows.Select(r => ForCaller(r.ToStored(kind), caller))], total, query);
    }

    /// <summary>
    /// Every item of a kind under one place or in a date range, in the caller's area: for a page that needs a
    /// compound's or a week's items whole (a building's roster, copying a week of shifts), never a city's.
    /// </summary>
    public async Task<List<Stored>> ListAllAsync(string kind, ClaimsPrincipal caller, ContentListFilter filter, CancellationToken cancellationToken)
    {
        var all = new List<Stored>();
        var query = ListQuery.First(ListQuery.MaxLimit);
        while (true)
        {
            var page = await PageAsync(kind, caller, query, filter, cancellationToken);
            all.AddRange(page.Items);
            if (page.NextCursor is null)
            {
                return all;
            }
            query = query with { Offset = query.Offset + query.Limit };
        }
    }

    private static void Validate(ContentItem item)
    {
        var errors = ContentValidator.Validate(item);
        if (errors.Count > 0)
        {
            throw ApiException.Invalid(errors);
        }
    }

    private static async Task<Stored?> ReadRowAsync(DbConnection connection, DbTransaction? transaction, string kind, string id, CancellationToken cancellationToken) =>
        (await connection.QuerySingleOrNullAsync<ItemRow>("SELECT payload, version, updated_at, updated_by FROM items WHERE kind = @kind AND id = @id;",
            transaction, cancellationToken, ("@kind", kind), ("@id", id)))?.ToStored(kind);

    /// <summary>An item as stored; <see cref="PlaceName"/> only where the query names its target place.</summary>
    private sealed class ItemRow
    {
        public string Payload { get; init; } = "";
        public long Version { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }
        public string? UpdatedBy { get; init; }
        public string? PlaceName { get; init; }

        public Stored ToStored(string kind) => new(ContentJson.DeserializeItem(kind, Payload), Version, UpdatedAt, UpdatedBy, PlaceName);
    }

    private static async Task AuthorizeAsync(DbConnection connection, DbTransaction transaction, ClaimsPrincipal caller, string kind, ItemTarget target, CancellationToken cancellationToken)
    {
        var role = caller.StaffRole() ?? throw ApiException.Forbidden("只有工作人员可以修改内容 (only staff may edit content)");
        if (!StaffPermissions.MayEdit(role, kind))
        {
            throw ApiException.Forbidden($"您的角色不能修改这类内容（{kind}） (the {role} role may not edit {kind})");
        }
        var chain = await TargetChainAsync(connection, transaction, target, cancellationToken);
        if (!StaffPermissions.InScope(role, caller.ScopePlaceId(), chain))
        {
            throw ApiException.Forbidden($"{target} 不在您的管辖范围内 ({target} is outside your area)");
        }
    }

    /// <summary>Item-level rights: a property manager edits only red stewards, and only people who are nothing else.</summary>
    private static async Task AuthorizeItemAsync(DbConnection connection, DbTransaction transaction, ClaimsPrincipal caller, ContentItem item, CancellationToken cancellationToken)
    {
        var role = caller.StaffRole() ?? throw ApiException.Forbidden("只有工作人员可以修改内容 (only staff may edit content)");
        if (!StaffPermissions.MayEditItem(role, item))
        {
            throw ApiException.Forbidden("物业只能修改楼栋公示里的红领管家 (a property manager may change only red stewards on the roster)");
        }
        if (role == StaffRole.PropertyManager && item is Person person)
        {
            var others = await connection.ScalarAsync<long>(
                "SELECT count(*) FROM items WHERE kind = 'roster' AND json_extract(payload, '$.personId') = @id AND json_extract(payload, '$.role') <> 'redSteward';",
                transaction, cancellationToken, ("@id", person.Id));
            if (others > 0)
            {
                throw ApiException.Forbidden($"这位人员在楼栋公示里还有红领管家以外的职务，由社区工作人员维护 (people/{person.Id} holds roster roles other than red steward; community staff keep those)");
            }
        }
    }

    /// <summary>The place chain of a target; a target that does not exist is the caller's error.</summary>
    public static async Task<IReadOnlyList<string>> TargetChainAsync(DbConnection connection, DbTransaction? transaction, ItemTarget target, CancellationToken cancellationToken)
    {
        if (target.PlaceId is { } placeId)
        {
            var chain = await KioskDirectory.AncestryAsync(connection, transaction, placeId, cancellationToken);
            return chain.Count > 0 ? chain : throw ApiException.BadRequest($"要发布到的地点“{placeId}”不存在 (target place '{placeId}' does not exist)", "target.placeId");
        }
        var kioskPlace = await connection.ScalarAsync<string>(
            "SELECT coalesce(k.place_id, s.place_id) FROM kiosks k JOIN stations s ON s.id = k.station_id WHERE k.id = @id;", transaction, cancellationToken, ("@id", target.KioskId));
        return kioskPlace is null
            ? throw ApiException.BadRequest($"要发布到的屏幕“{target.KioskId}”不存在 (target kiosk '{target.KioskId}' does not exist)", "target.kioskId")
            : await KioskDirectory.AncestryAsync(connection, transaction, kioskPlace, cancellationToken);
    }

    private static async Task CheckReferencesAsync(DbConnection connection, DbTransaction transaction, ContentItem item, CancellationToken cancellationToken)
    {
        foreach (var media in item.Media())
        {
            var size = await connection.ScalarAsync<long?>("SELECT size FROM media WHERE sha256 = @h;", transaction, cancellationToken, ("@h", media.Sha256));
            if (size != media.Size)
            {
                throw ApiException.BadRequest(size is null ? $"图片还没有上传，请先上传图片 (media {media.Sha256} has not been uploaded)" : $"图片大小与填写的不符：实际 {size} 字节 (media {media.Sha256} is {size} bytes, not {media.Size})", "media");
            }
        }
        switch (item)
        {
            case RosterEntry entry:
                if (await connection.ScalarAsync<long>("SELECT count(*) FROM items WHERE kind = 'people' AND id = @id;", transaction, cancellationToken, ("@id", entry.PersonId)) == 0)
                {
                    throw ApiException.BadRequest($"人员“{entry.PersonId}”不存在 (person '{entry.PersonId}' does not exist)", "personId");
                }
                await RequirePlaceAsync(connection, transaction, entry.BuildingId, PlaceKind.Building, null, "buildingId", cancellationToken);
                if (entry.UnitId is not null)
                {
                    await RequirePlaceAsync(connection, transaction, entry.UnitId, PlaceKind.Unit, entry.BuildingId, "unitId", cancellationToken);
                }
                break;
            case Hotline { BuildingId: { } buildingId }:
                await RequirePlaceAsync(connection, transaction, buildingId, PlaceKind.Building, null, "buildingId", cancellationToken);
                break;
        }
    }

    private static async Task RequirePlaceAsync(DbConnection connection, DbTransaction transaction, string id, PlaceKind kind, string? parentId, string field, CancellationToken cancellationToken)
    {
        var place = await connection.QuerySingleOrNullAsync<PlaceRow>("SELECT kind, parent_id FROM places WHERE id = @id;", transaction, cancellationToken, ("@id", id))
            ?? throw ApiException.BadRequest($"{field}：地点“{id}”不存在 ({field} '{id}' does not exist)", field);
        if (place.Kind != kind.ToString())
        {
            throw ApiException.BadRequest($"{field}：“{id}”是{PlaceNames.Chinese(place.Kind)}，这里须选{PlaceNames.Chinese(kind)} ({field} '{id}' is a {place.Kind}, not a {kind})", field);
        }
        if (parentId is not null && place.ParentId != parentId)
        {
            throw ApiException.BadRequest($"{field}：“{id}”不在 {parentId} 里面 ({field} '{id}' is not in {parentId})", field);
        }
    }

    private sealed class PlaceRow
    {
        public string Kind { get; init; } = "";
        public string? ParentId { get; init; }
    }
}
