using System.Data.Common;
using System.Security.Claims;
using System.Text.Json;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Audit;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Cluster;
using SignageKiosk.Controller.Content;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Controller.Sync;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Places;
using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Controller.Places;

/// <summary>
/// Places, stations and kiosks. They travel through the change log like content, so boards know the
/// names of their buildings and units and their station's time zone.
/// </summary>
public sealed class StructureStore(ControllerDb db, Publisher publisher, ClusterSignals signals, KioskSessions sessions, TimeProvider time)
{
    public async Task<long> UpsertPlaceAsync(Place place, WriteMode mode, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        place = ContentJson.Normalise(place);
        Validate(place);
        var moved = false;
        var seq = await publisher.WriteAsync(caller.Actor(), async (connection, transaction) =>
        {
            var existing = await ReadAsync<Place>(connection, transaction, "places", place.Id, cancellationToken);
            CheckMode(mode, "places", place.Id, existing);
            if (existing is not null && existing.Kind != place.Kind)
            {
                throw ApiException.BadRequest("地点的类型不能修改，请新建一个地点 (a place's kind cannot change; create a new place)", "kind");
            }
            List<(string Id, PlaceKind Kind)> parentChain = [];
            if (place.ParentId is not null)
            {
                parentChain = await KioskDirectory.AncestryWithKindsAsync(connection, transaction, place.ParentId, cancellationToken);
                if (parentChain.Count == 0)
                {
                    throw ApiException.BadRequest($"上级地点“{place.ParentId}”不存在 (parent place '{place.ParentId}' does not exist)", "parentId");
                }
                if (parentChain[0].Kind >= place.Kind)
                {
                    throw ApiException.BadRequest($"{PlaceNames.Chinese(place.Kind)}不能放在{PlaceNames.Chinese(parentChain[0].Kind)}下面 (a {place.Kind} cannot sit inside a {parentChain[0].Kind})", "parentId");
                }
                if (parentChain.Any(p => p.Id == place.Id))
                {
                    throw ApiException.BadRequest("不能把地点放到它自己下面 (that parent would put the place inside itself)", "parentId");
                }
            }
            var payload = ContentJson.Serialize(place);
            await connection.ExecAsync(
                "INSERT INTO places(id, kind, parent_id, payload) VALUES (@id, @kind, @parent, @payload) ON CONFLICT(id) DO UPDATE SET parent_id = excluded.parent_id, payload = excluded.payload;",
                transaction, cancellationToken, ("@id", place.Id), ("@kind", place.Kind.ToString()), ("@parent", place.ParentId), ("@payload", payload));
            var target = SyncTarget(place, parentChain);
            var changes = new List<ChangeRecord>();
            if (existing is not null && existing.ParentId != place.ParentId)
            {
                moved = true;
                var oldParentChain = existing.ParentId is null ? [] : await KioskDirectory.AncestryWithKindsAsync(connection, transaction, existing.ParentId, cancellationToken);
                var oldTarget = SyncTarget(existing, oldParentChain);
                if (oldTarget != target)
                {
                    changes.Add(new ChangeRecord(0, ContentKind.Place, place.Id, ChangeOp.Delete, oldTarget, null, null));
                }
            }
            changes.Add(new ChangeRecord(0, ContentKind.Place, place.Id, ChangeOp.Upsert, target, null, payload));
            return changes;
        }, cancellationToken);
        if (moved)
        {
            await signals.RehelloAsync(RehelloTarget.Place(place.Id), CancellationToken.None);
        }
        return seq;
    }

    public async Task<long> DeletePlaceAsync(string id, ClaimsPrincipal caller, CancellationToken cancellationToken) =>
        await publisher.WriteAsync(caller.Actor(), async (connection, transaction) =>
        {
            var existing = await ReadAsync<Place>(connection, transaction, "places", id, cancellationToken) ?? throw ApiException.NotFound($"地点 {id} 不存在 (places/{id} does not exist)");
            var uses = await connection.ScalarAsync<long>(
                """
                SELECT (SELECT count(*) FROM places WHERE parent_id = @id) + (SELECT count(*) FROM stations WHERE place_id = @id)
                     + (SELECT count(*) FROM kiosks WHERE place_id = @id) + (SELECT count(*) FROM items WHERE target_place_id = @id)
                     + (SELECT count(*) FROM items WHERE json_extract(payload, '$.buildingId') = @id OR json_extract(payload, '$.unitId') = @id);
                """, transaction, cancellationToken, ("@id", id));
            if (uses > 0)
            {
                throw ApiException.Conflict($"地点 {id} 还有 {uses} 个下级地点、驿站、屏幕或内容在用，请先移走或删除它们 (places/{id} is still used by {uses} places, stations, kiosks or items; move or delete those first)");
            }
            var parentChain = existing.ParentId is null ? [] : await KioskDirectory.AncestryWithKindsAsync(connection, transaction, existing.ParentId, cancellationToken);
            await connection.ExecAsync("DELETE FROM places WHERE id = @id;", transaction, cancellationToken, ("@id", id));
            return [new ChangeRecord(0, ContentKind.Place, id, ChangeOp.Delete, SyncTarget(existing, parentChain), null, null)];
        }, cancellationToken);

    public async Task<long> UpsertStationAsync(Station station, WriteMode mode, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        station = ContentJson.Normalise(station);
        Validate(station);
        if (!StationClock.IsKnownZone(station.TimeZone))
        {
            throw ApiException.BadRequest($"不认识的时区“{station.TimeZone}”，请填写 IANA 时区名，例如 Asia/Shanghai (unknown time zone '{station.TimeZone}'; use an IANA name such as Asia/Shanghai)", "timeZone");
        }
        if (!BoardLayouts.Exists(station.Layout))
        {
            throw ApiException.BadRequest($"不认识的版式“{station.Layout}”，可用：{string.Join(", ", BoardLayouts.All.Keys)} (unknown layout '{station.Layout}'; use one of {string.Join(", ", BoardLayouts.All.Keys)})", "layout");
        }
        var moved = false;
        var seq = await publisher.WriteAsync(caller.Actor(), async (connection, transaction) =>
        {
            var existing = await ReadAsync<Station>(connection, transaction, "stations", station.Id, cancellationToken);
            CheckMode(mode, "stations", station.Id, existing);
            var kind = await connection.ScalarAsync<string>("SELECT kind FROM places WHERE id = @id;", transaction, cancellationToken, ("@id", station.PlaceId))
                ?? throw ApiException.BadRequest($"地点“{station.PlaceId}”不存在 (place '{station.PlaceId}' does not exist)", "placeId");
            if (kind is not (nameof(PlaceKind.Community) or nameof(PlaceKind.Compound)))
            {
                throw ApiException.BadRequest($"驿站只能属于社区或小区，不能属于{PlaceNames.Chinese(kind)} (a station belongs to a community or a compound, not a {kind})", "placeId");
            }
            var payload = ContentJson.Serialize(station);
            await connection.ExecAsync(
                "INSERT INTO stations(id, place_id, payload) VALUES (@id, @place, @payload) ON CONFLICT(id) DO UPDATE SET place_id = excluded.place_id, payload = excluded.payload;",
                transaction, cancellationToken, ("@id", station.Id), ("@place", station.PlaceId), ("@payload", payload));
            var changes = new List<ChangeRecord>();
            if (existing is not null && existing.PlaceId != station.PlaceId)
            {
                moved = true;
                changes.Add(new ChangeRecord(0, ContentKind.Station, station.Id, ChangeOp.Delete, existing.PlaceId, null, null));
            }
            changes.Add(new ChangeRecord(0, ContentKind.Station, station.Id, ChangeOp.Upsert, station.PlaceId, null, payload));
            return changes;
        }, cancellationToken);
        if (moved)
        {
            await signals.RehelloAsync(RehelloTarget.Station(station.Id), CancellationToken.None);
        }
        return seq;
    }

    public async Task<long> DeleteStationAsync(string id, ClaimsPrincipal caller, CancellationToken cancellationToken) =>
        await publisher.WriteAsync(caller.Actor(), async (connection, transaction) =>
        {
            var existing = await ReadAsync<Station>(connection, transaction, "stations", id, cancellationToken) ?? throw ApiException.NotFound($"驿站 {id} 不存在 (stations/{id} does not exist)");
            var kiosks = await connection.ScalarAsync<long>("SELECT count(*) FROM kiosks WHERE station_id = @id;", transaction, cancellationToken, ("@id", id));
            if (kiosks > 0)
            {
                throw ApiException.Conflict($"驿站 {id} 还有 {kiosks} 块屏，请先移走或删除这些屏 (stations/{id} still has {kiosks} kiosks; move or delete them first)");
            }
            await connection.ExecAsync("DELETE FROM stations WHERE id = @id;", transaction, cancellationToken, ("@id", id));
            return [new ChangeRecord(0, ContentKind.Station, id, ChangeOp.Delete, existing.PlaceId, null, null)];
        }, cancellationToken);

    /// <summary>Creates or changes a kiosk. A new kiosk gets a device credential, returned once and stored only as a hash.</summary>
    public async Task<(long Seq, string? Credential)> UpsertKioskAsync(Kiosk kiosk, WriteMode mode, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        kiosk = ContentJson.Normalise(kiosk);
        Validate(kiosk);
        string? credential = null;
        var moved = false;
        var seq = await publisher.WriteAsync(caller.Actor(), async (connection, transaction) =>
        {
            var existing = await ReadAsync<Kiosk>(connection, transaction, "kiosks", kiosk.Id, cancellationToken);
            CheckMode(mode, "kiosks", kiosk.Id, existing);
            if (await connection.ScalarAsync<long>("SELECT count(*) FROM stations WHERE id = @id;", transaction, cancellationToken, ("@id", kiosk.StationId)) == 0)
            {
                throw ApiException.BadRequest($"驿站“{kiosk.StationId}”不存在 (station '{kiosk.StationId}' does not exist)", "stationId");
            }
            if (kiosk.PlaceId is not null && await connection.ScalarAsync<long>("SELECT count(*) FROM places WHERE id = @id;", transaction, cancellationToken, ("@id", kiosk.PlaceId)) == 0)
            {
                throw ApiException.BadRequest($"地点“{kiosk.PlaceId}”不存在 (place '{kiosk.PlaceId}' does not exist)", "placeId");
            }
            var payload = ContentJson.Serialize(kiosk);
            if (existing is null)
            {
                credential = Secrets.New(Secrets.KioskCredentialPrefix);
                await connection.ExecAsync("INSERT INTO kiosks(id, station_id, place_id, payload, credential_hash) VALUES (@id, @station, @place, @payload, @hash);",
                    transaction, cancellationToken, ("@id", kiosk.Id), ("@station", kiosk.StationId), ("@place", kiosk.PlaceId), ("@payload", payload), ("@hash", Secrets.Hash(credential)));
            }
            else
            {
                moved = existing.StationId != kiosk.StationId || existing.PlaceId != kiosk.PlaceId;
                await connection.ExecAsync("UPDATE kiosks SET station_id = @station, place_id = @place, payload = @payload WHERE id = @id;",
                    transaction, cancellationToken, ("@id", kiosk.Id), ("@station", kiosk.StationId), ("@place", kiosk.PlaceId), ("@payload", payload));
            }
            return [new ChangeRecord(0, ContentKind.Kiosk, kiosk.Id, ChangeOp.Upsert, null, kiosk.Id, payload)];
        }, cancellationToken);
        if (moved)
        {
            await signals.RehelloAsync(RehelloTarget.Kiosk(kiosk.Id), CancellationToken.None);
        }
        return (seq, credential);
    }

    /// <summary>Issues a new device credential; the old one stops working at once. The audit trail names who did it, never the credential.</summary>
    public async Task<string> RotateCredentialAsync(string kioskId, string actor, string? address, CancellationToken cancellationToken)
    {
        var credential = Secrets.New(Secrets.KioskCredentialPrefix);
        await using var connection = await db.OpenAsync(cancellationToken);
        await using (var transaction = connection.BeginTransaction())
        {
            var updated = await connection.ExecAsync("UPDATE kiosks SET credential_hash = @hash WHERE id = @id;", transaction, cancellationToken, ("@hash", Secrets.Hash(credential)), ("@id", kioskId));
            if (updated == 0)
            {
                throw ApiException.NotFound($"屏幕 {kioskId} 不存在 (kiosks/{kioskId} does not exist)");
            }
            await AuditLog.RecordAsync(connection, transaction, actor, address, AuditActions.ReissueCredential, ContentKind.Kiosk, kioskId, time.GetUtcNow(), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        // A connection opened with the old credential must not outlive it.
        sessions.DisconnectKiosk(kioskId);
        return credential;
    }

    public async Task<long> DeleteKioskAsync(string id, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        var seq = await publisher.WriteAsync(caller.Actor(), async (connection, transaction) =>
        {
            _ = await ReadAsync<Kiosk>(connection, transaction, "kiosks", id, cancellationToken) ?? throw ApiException.NotFound($"屏幕 {id} 不存在 (kiosks/{id} does not exist)");
            var items = await connection.ScalarAsync<long>("SELECT count(*) FROM items WHERE target_kiosk_id = @id;", transaction, cancellationToken, ("@id", id));
            if (items > 0)
            {
                throw ApiException.Conflict($"还有 {items} 条内容发布到屏幕 {id}，请先改发到别处或删除它们 (kiosks/{id} is still the target of {items} items; retarget or delete them first)");
            }
            await connection.ExecAsync("DELETE FROM kiosks WHERE id = @id;", transaction, cancellationToken, ("@id", id));
            return [new ChangeRecord(0, ContentKind.Kiosk, id, ChangeOp.Delete, null, id, null)];
        }, cancellationToken);
        sessions.DisconnectKiosk(id);
        return seq;
    }

    /// <summary>
    /// Places, stations or kiosks as staff may read them: an administrator everything, anyone else what lies in their
    /// area (their place and below), as for content. Out of the area looks the same as absent.
    /// </summary>
    public async Task<List<T>> ListVisibleAsync<T>(string table, ClaimsPrincipal caller, string? id, CancellationToken cancellationToken) where T : class
    {
        if (caller.StaffRole() == StaffRole.Admin)
        {
            return id is null ? await ListAsync<T>(table, cancellationToken) : (await GetAsync<T>(table, id, cancellationToken) is { } one ? [one] : []);
        }
        var placeOf = Table(table) switch
        {
            "places" => "r.id",
            "stations" => "r.place_id",
            _ => "coalesce(r.place_id, (SELECT s.place_id FROM stations s WHERE s.id = r.station_id))",
        };
        await using var connection = await db.OpenAsync(cancellationToken);
        return await ReadPayloadsAsync<T>(connection,
            $"""
            WITH RECURSIVE {PlaceArea.Cte}
            SELECT r.payload FROM {table} r WHERE (CAST(@id AS TEXT) IS NULL OR r.id = @id) AND {placeOf} IN (SELECT id FROM area) ORDER BY r.id;
            """, cancellationToken, ("@scope", caller.ScopePlaceId()), ("@id", id));
    }

    public async Task<List<T>> ListAsync<T>(string table, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await ReadPayloadsAsync<T>(connection, $"SELECT payload FROM {Table(table)} ORDER BY id;", cancellationToken);
    }

    /// <summary>Whether the store holds any place at all (the demo loads only into an empty store).</summary>
    public async Task<bool> AnyPlacesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.ScalarAsync<long>("SELECT count(*) FROM places;", null, cancellationToken) > 0;
    }

    /// <summary>
    /// A place and the places up to <paramref name="depth"/> levels below it, in no particular order (an import's area:
    /// a compound, its buildings and their units); empty when the place does not exist.
    /// </summary>
    public async Task<List<Place>> BelowAsync(string placeId, int depth, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await ReadPayloadsAsync<Place>(connection,
            """
            WITH RECURSIVE sub(id, depth) AS (
                SELECT @target, 0
                UNION ALL
                SELECT p.id, s.depth + 1 FROM places p JOIN sub s ON p.parent_id = s.id WHERE s.depth < @depth)
            SELECT p.payload FROM places p JOIN sub ON p.id = sub.id;
            """, cancellationToken, ("@target", placeId), ("@depth", depth));
    }

    /// <summary>The ids of a place and its ancestors, innermost first (empty when it does not exist).</summary>
    public async Task<IReadOnlyList<string>> AncestryAsync(string placeId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await KioskDirectory.AncestryAsync(connection, null, placeId, cancellationToken);
    }

    /// <summary>The kind and name of a place and each place above it, from the top down.</summary>
    public async Task<List<(string Kind, string? Name)>> PathAsync(string placeId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<KindNameRow>(
            """
            WITH RECURSIVE chain(id, kind, name, parent_id, depth) AS (
                SELECT id, kind, json_extract(payload, '$.name'), parent_id, 0 FROM places WHERE id = @scope
                UNION ALL
                SELECT p.id, p.kind, json_extract(p.payload, '$.name'), p.parent_id, c.depth + 1 FROM places p JOIN chain c ON p.id = c.parent_id WHERE c.depth < 32)
            SELECT kind, name FROM chain ORDER BY depth DESC;
            """, null, cancellationToken, ("@scope", placeId));
        return [.. rows.Select(r => (r.Kind, r.Name))];
    }

    /// <summary>How many kiosks stand in the area below a place (at it or below), or in the whole city when it is null.</summary>
    public async Task<int> KioskCountAsync(string? scopePlaceId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return scopePlaceId is null
            ? await connection.ScalarAsync<int>("SELECT count(*) FROM kiosks;", null, cancellationToken)
            : await connection.ScalarAsync<int>(
                $"""
                WITH RECURSIVE {PlaceArea.Cte}
                SELECT count(*) FROM kiosks k LEFT JOIN stations s ON s.id = k.station_id
                WHERE COALESCE(k.place_id, s.place_id) IN (SELECT id FROM area);
                """, null, cancellationToken, ("@scope", scopePlaceId));
    }

    /// <summary>How many places of each kind lie below a place (not counting it), or in the whole city when it is null.</summary>
    public async Task<Dictionary<string, int>> PlaceCountsAsync(string? scopePlaceId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = scopePlaceId is null
            ? await connection.QueryAsync<KindCountRow>("SELECT kind, count(*) AS places FROM places GROUP BY kind;", null, cancellationToken)
            : await connection.QueryAsync<KindCountRow>(
                $"WITH RECURSIVE {PlaceArea.Cte} SELECT p.kind, count(*) AS places FROM places p JOIN area a ON a.id = p.id WHERE a.depth > 0 GROUP BY p.kind;",
                null, cancellationToken, ("@scope", scopePlaceId));
        return rows.ToDictionary(r => r.Kind, r => (int)r.Places, StringComparer.Ordinal);
    }

    private static async Task<List<T>> ReadPayloadsAsync<T>(DbConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        [.. (await connection.QueryAsync<PayloadRow>(sql, null, cancellationToken, parameters)).Select(r => ContentJson.Deserialize<T>(r.Payload))];

    public async Task<T?> GetAsync<T>(string table, string id, CancellationToken cancellationToken) where T : class
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await ReadAsync<T>(connection, null, table, id, cancellationToken);
    }

    /// <summary>
    /// A place and its ancestors, innermost first, as <see cref="PlaceChain.Ancestry"/> walks them, reading only
    /// that chain (a city has thousands of places); empty when the place does not exist.
    /// </summary>
    public async Task<List<Place>> ChainAsync(string placeId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        // Distinct: a damaged, cyclic tree repeats its loop up to the depth bound; the walk stops at the first repeat.
        var ids = (await KioskDirectory.AncestryAsync(connection, null, placeId, cancellationToken)).Distinct(StringComparer.Ordinal).ToList();
        var byId = (await ReadManyAsync<Place>(connection, "SELECT payload FROM places WHERE id IN (SELECT value FROM json_each(@ids)) ORDER BY id;", ids, cancellationToken))
            .ToDictionary(p => p.Id, StringComparer.Ordinal);
        return [.. ids.Where(byId.ContainsKey).Select(id => byId[id])];
    }

    /// <summary>The places with these ids that exist, in id order.</summary>
    public async Task<List<Place>> PlacesAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return [];
        }
        await using var connection = await db.OpenAsync(cancellationToken);
        return await ReadManyAsync<Place>(connection, "SELECT payload FROM places WHERE id IN (SELECT value FROM json_each(@ids)) ORDER BY id;", ids, cancellationToken);
    }

    /// <summary>A place and every place below it, in id order, narrowed to <paramref name="kinds"/> when any are given.</summary>
    public async Task<List<Place>> SubtreeAsync(string placeId, IReadOnlyCollection<PlaceKind> kinds, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await ReadPayloadsAsync<Place>(connection,
            $"""
            WITH RECURSIVE {PlaceArea.Cte}
            SELECT payload FROM places WHERE id IN (SELECT id FROM area) AND (@any = 0 OR kind IN (SELECT value FROM json_each(@kinds))) ORDER BY id;
            """, cancellationToken, ("@scope", placeId), ("@any", kinds.Count), ("@kinds", JsonSerializer.Serialize(kinds.Select(k => k.ToString()))));
    }

    /// <summary>The stations that stand at any of these places, in id order.</summary>
    public async Task<List<Station>> StationsAtAsync(IReadOnlyCollection<string> placeIds, CancellationToken cancellationToken)
    {
        if (placeIds.Count == 0)
        {
            return [];
        }
        await using var connection = await db.OpenAsync(cancellationToken);
        return await ReadManyAsync<Station>(connection, "SELECT payload FROM stations WHERE place_id IN (SELECT value FROM json_each(@ids)) ORDER BY id;", placeIds, cancellationToken);
    }

    /// <summary>Up to <paramref name="limit"/> stations at or below a place, in id order (two tell "the only one" from "several").</summary>
    public async Task<List<Station>> StationsUnderAsync(string placeId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await ReadPayloadsAsync<Station>(connection,
            $"""
            WITH RECURSIVE {PlaceArea.Cte}
            SELECT payload FROM stations WHERE place_id IN (SELECT id FROM area) ORDER BY id LIMIT @limit;
            """, cancellationToken, ("@scope", placeId), ("@limit", limit));
    }

    // One JSON array parameter rather than one parameter per id: SQLite limits a statement's parameters.
    private static Task<List<T>> ReadManyAsync<T>(DbConnection connection, string select, IEnumerable<string> ids, CancellationToken cancellationToken) =>
        ReadPayloadsAsync<T>(connection, select, cancellationToken, ("@ids", JsonSerializer.Serialize(ids)));

    private static async Task<T?> ReadAsync<T>(DbConnection connection, DbTransaction? transaction, string table, string id, CancellationToken cancellationToken) where T : class
    {
        var payload = await connection.ScalarAsync<string>($"SELECT payload FROM {Table(table)} WHERE id = @id;", transaction, cancellationToken, ("@id", id));
        return payload is null ? null : ContentJson.Deserialize<T>(payload);
    }

    private static string Table(string table) => table is "places" or "stations" or "kiosks" ? table : throw new ArgumentOutOfRangeException(nameof(table));

    private static string SyncTarget(Place place, List<(string Id, PlaceKind Kind)> parentChain)
    {
        var parents = parentChain.Select((p, i) => new Place
        {
            Id = p.Id,
            Kind = p.Kind,
            Name = p.Id,
            ParentId = i + 1 < parentChain.Count ? parentChain[i + 1].Id : null,
        }).ToDictionary(p => p.Id);
        return PlaceChain.SyncTargetOf(place, id => parents.GetValueOrDefault(id));
    }

    private static void CheckMode<T>(WriteMode mode, string kind, string id, T? existing)
    {
        if (mode == WriteMode.Create && existing is not null)
        {
            throw ApiException.Conflict($"{kind}/{id} 已存在，修改请用 PUT ({kind}/{id} already exists; use PUT to change it)");
        }
        if (mode == WriteMode.Replace && existing is null)
        {
            throw ApiException.NotFound($"{kind}/{id} 不存在 ({kind}/{id} does not exist)");
        }
    }

    private static void Validate(object record)
    {
        var errors = ContentValidator.Validate(record);
        if (errors.Count > 0)
        {
            throw ApiException.Invalid(errors);
        }
    }

    private sealed class PayloadRow
    {
        public string Payload { get; init; } = "";
    }

    private sealed class KindNameRow
    {
        public string Kind { get; init; } = "";
        public string? Name { get; init; }
    }

    private sealed class KindCountRow
    {
        public string Kind { get; init; } = "";
        public long Places { get; init; }
    }
}
