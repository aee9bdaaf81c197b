using System.Data.Common;
using System.Globalization;
using System.Security.Claims;
using System.Text;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Api.Paging;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Controller.Places;

/// <summary>
/// Pages of places, stations and kiosks, the place tree one level at a time, and search by place path, all in SQL
/// and within the caller's area (decision 0035): a city has thousands of places and ten thousand screens, so no
/// call reads them all. A search word matches a place when it is in the name or id of the place or of one of its
/// ancestors ("丹桂苑 3栋" is 3栋 of 丹桂苑).
/// </summary>
public sealed class PlaceDirectory(ControllerDb db)
{
    /// <summary>More words than this is not a place someone is looking for.</summary>
    public const int MaxWords = 5;
    private const string PathSeparator = " / ";
    private const string Name = "json_extract({0}.payload, '$.name')";

    public async Task<ListPage<T>> ListAsync<T>(string table, ClaimsPrincipal caller, ListQuery query, StructureFilter filter, CancellationToken cancellationToken)
    {
        var sql = new Sql(caller);
        var (from, placeOf, text) = table switch
        {
            "places" => ("places r", "r.id", new[] { string.Format(CultureInfo.InvariantCulture, Name, "r"), "r.id" }),
            "stations" => ("stations r", "r.place_id", new[] { string.Format(CultureInfo.InvariantCulture, Name, "r"), "r.id" }),
            "kiosks" => ("kiosks r JOIN stations s ON s.id = r.station_id", "coalesce(r.place_id, s.place_id)",
                new[] { string.Format(CultureInfo.InvariantCulture, Name, "r"), "r.id", string.Format(CultureInfo.InvariantCulture, Name, "s") }),
            _ => throw new ArgumentOutOfRangeException(nameof(table)),
        };
        var where = new List<string>();
        sql.InArea(where, placeOf);
        if (filter.Kinds.Count > 0)
        {
            where.Add($"r.kind IN ({sql.List(filter.Kinds.Select(k => (object?)k.ToString()))})");
        }
        if (filter.ParentId is not null)
        {
            await RequireVisibleAsync(caller, filter.ParentId, cancellationToken);
            where.Add($"r.parent_id = {sql.Param(filter.ParentId)}");
        }
        if (filter.PlaceId is not null)
        {
            await RequireVisibleAsync(caller, filter.PlaceId, cancellationToken);
            sql.Cte($"under(id) AS (SELECT id FROM places WHERE id = {sql.Param(filter.PlaceId)} UNION SELECT p.id FROM places p JOIN under u ON p.parent_id = u.id)");
            where.Add($"{placeOf} IN (SELECT id FROM under)");
        }
        // Places match by their own name or id; stations and kiosks by theirs or by the path of the place they stand in.
        sql.Words(where, query.Search, text, table == "places" ? null : placeOf);
        var rows = await sql.PageAsync<PayloadRow>(db, $"SELECT r.payload, count(*) OVER () AS total FROM {from}{sql.Where(where)} ORDER BY r.id", query, cancellationToken);
        return ListPage<T>.Of([.. rows.Items.Select(r => ContentJson.Deserialize<T>(r.Payload))], rows.Total, query);
    }

    /// <summary>The caller's top level: the roots for an administrator, their scope place for anyone else.</summary>
    public async Task<ListPage<PlaceNode>> TopAsync(ClaimsPrincipal caller, ListQuery query, CancellationToken cancellationToken)
    {
        var sql = new Sql(caller);
        var where = IsAdmin(caller) ? "p.parent_id IS NULL" : $"p.id = {sql.Param(caller.ScopePlaceId())}";
        return await NodesAsync(sql, where, query, cancellationToken);
    }

    /// <summary>A place's children, each with how many children it has in turn. Out of the area looks the same as absent.</summary>
    public async Task<ListPage<PlaceNode>> ChildrenAsync(ClaimsPrincipal caller, string parentId, ListQuery query, CancellationToken cancellationToken)
    {
        await RequireVisibleAsync(caller, parentId, cancellationToken);
        var sql = new Sql(caller);
        return await NodesAsync(sql, $"p.parent_id = {sql.Param(parentId)}", query, cancellationToken);
    }

    private async Task<ListPage<PlaceNode>> NodesAsync(Sql sql, string where, ListQuery query, CancellationToken cancellationToken)
    {
        var conditions = new List<string> { where };
        sql.Words(conditions, query.Search, [string.Format(CultureInfo.InvariantCulture, Name, "p"), "p.id"], null);
        var rows = await sql.PageAsync<NodeRow>(db,
            $"""
            SELECT p.payload, count(*) OVER () AS total, (SELECT count(*) FROM places c WHERE c.parent_id = p.id) AS children FROM places p{sql.Where(conditions)}
            ORDER BY coalesce(CAST(json_extract(p.payload, '$.order') AS INTEGER), 0), {string.Format(CultureInfo.InvariantCulture, Name, "p")}, p.id
            """, query, cancellationToken);
        return ListPage<PlaceNode>.Of([.. rows.Items.Select(r =>
        {
            var place = ContentJson.Deserialize<Place>(r.Payload);
            return new PlaceNode(place.Id, place.Kind, place.Name, place.ParentId, place.Order, (int)r.Children);
        })], rows.Total, query);
    }

    /// <summary>
    /// Places whose path matches every word of the search, the place itself matching at least one (so "3栋" lists
    /// the buildings, not also their units), shallowest first; <paramref name="kinds"/> narrows to what a form may target.
    /// </summary>
    public async Task<ListPage<PlaceMatch>> SearchAsync(ClaimsPrincipal caller, ListQuery query, IReadOnlyList<PlaceKind> kinds, CancellationToken cancellationToken)
    {
        var sql = new Sql(caller);
        var where = new List<string>();
        sql.InArea(where, "p.id");
        if (kinds.Count > 0)
        {
            where.Add($"p.kind IN ({sql.List(kinds.Select(k => (object?)k.ToString()))})");
        }
        var own = sql.Words(where, query.Search, [], "p.id");
        if (own.Count > 0)
        {
            var name = string.Format(CultureInfo.InvariantCulture, Name, "p");
            where.Add("(" + string.Join(" OR ", own.Select(w => $"lower({name}) LIKE lower({w}) ESCAPE '\\' OR lower(p.id) LIKE lower({w}) ESCAPE '\\'")) + ")");
        }
        var rows = await sql.PageAsync<MatchRow>(db,
            $"SELECT p.id, p.kind, p.parent_id, count(*) OVER () AS total FROM places p{sql.Where(where)} ORDER BY {KindRank("p.kind")}, {string.Format(CultureInfo.InvariantCulture, Name, "p")}, p.id",
            query, cancellationToken);
        var ids = rows.Items.Select(r => r.Id).ToList();
        var paths = await PathsAsync(caller, ids, cancellationToken);
        return ListPage<PlaceMatch>.Of([.. rows.Items.Select(r =>
        {
            var path = paths.GetValueOrDefault(r.Id) ?? [];
            return new PlaceMatch(r.Id, Enum.Parse<PlaceKind>(r.Kind), path.Count > 0 ? path[^1] : r.Id, r.ParentId, string.Join(PathSeparator, path));
        })], rows.Total, query);
    }

    /// <summary>Screens whose name, id, station or place path match every word of the search.</summary>
    public async Task<ListPage<KioskMatch>> SearchKiosksAsync(ClaimsPrincipal caller, ListQuery query, CancellationToken cancellationToken)
    {
        var sql = new Sql(caller);
        var where = new List<string>();
        const string placeOf = "coalesce(k.place_id, s.place_id)";
        sql.InArea(where, placeOf);
        sql.Words(where, query.Search, [string.Format(CultureInfo.InvariantCulture, Name, "k"), "k.id", string.Format(CultureInfo.InvariantCulture, Name, "s")], placeOf);
        var rows = await sql.PageAsync<KioskRow>(db, $"{KioskColumns} FROM kiosks k JOIN stations s ON s.id = k.station_id{sql.Where(where)} ORDER BY k.id", query, cancellationToken);
        var paths = await PathsAsync(caller, rows.Items.Select(r => r.PlaceId).Distinct().ToList(), cancellationToken);
        return ListPage<KioskMatch>.Of([.. rows.Items.Select(r => new KioskMatch(r.Id, r.Name, r.StationId, r.StationName, r.PlaceId,
            string.Join(PathSeparator, paths.GetValueOrDefault(r.PlaceId) ?? [])))], rows.Total, query);
    }

    /// <summary>One place with its path, or null when it is absent or out of the caller's area.</summary>
    public async Task<PlaceMatch?> FindAsync(ClaimsPrincipal caller, string? id, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(id) || !await IsVisibleAsync(caller, id, cancellationToken))
        {
            return null;
        }
        PlaceRow? row;
        await using (var connection = await db.OpenAsync(cancellationToken))
        {
            row = await connection.QuerySingleOrNullAsync<PlaceRow>("SELECT kind, parent_id FROM places WHERE id = @id;", null, cancellationToken, ("@id", id));
        }
        if (row is null)
        {
            return null;
        }
        var path = (await PathsAsync(caller, [id], cancellationToken)).GetValueOrDefault(id) ?? [];
        return new PlaceMatch(id, Enum.Parse<PlaceKind>(row.Kind), path.Count > 0 ? path[^1] : id, row.ParentId, string.Join(PathSeparator, path));
    }

    /// <summary>One screen with its station and place path, or null when absent or out of the caller's area.</summary>
    public async Task<KioskMatch?> FindKioskAsync(ClaimsPrincipal caller, string? id, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(id))
        {
            return null;
        }
        var sql = new Sql(caller);
        var where = new List<string> { $"k.id = {sql.Param(id)}" };
        const string placeOf = "coalesce(k.place_id, s.place_id)";
        sql.InArea(where, placeOf);
        var rows = await sql.PageAsync<KioskRow>(db, $"{KioskColumns} FROM kiosks k JOIN stations s ON s.id = k.station_id{sql.Where(where)}", ListQuery.First(1), cancellationToken);
        if (rows.Items.Count == 0)
        {
            return null;
        }
        var r = rows.Items[0];
        var path = (await PathsAsync(caller, [r.PlaceId], cancellationToken)).GetValueOrDefault(r.PlaceId) ?? [];
        return new KioskMatch(r.Id, r.Name, r.StationId, r.StationName, r.PlaceId, string.Join(PathSeparator, path));
    }

    /// <summary>
    /// The names from the caller's top level down to each place, in one query: an administrator's paths leave out
    /// the city (every path would start with it), anyone else's start at their scope place.
    /// </summary>
    public async Task<Dictionary<string, List<string>>> PathsAsync(ClaimsPrincipal caller, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var chains = await ChainsAsync(ids, cancellationToken);
        var scope = IsAdmin(caller) ? null : caller.ScopePlaceId();
        foreach (var (id, chain) in chains)
        {
            var top = scope is null ? chain.FindIndex(p => p.Kind != PlaceKind.City) : chain.FindIndex(p => p.Id == scope);
            result[id] = [.. chain.Skip(Math.Max(0, top)).Select(p => p.Name)];
        }
        return result;
    }

    /// <summary>Each place's chain from its root down to itself (id, kind, name).</summary>
    public async Task<Dictionary<string, List<(string Id, PlaceKind Kind, string Name)>>> ChainsAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, List<(string, PlaceKind, string, int)>>(StringComparer.Ordinal);
        if (ids.Count > 0)
        {
            var sql = new Sql(null);
            var list = sql.List(ids.Cast<object?>());
            await using var connection = await db.OpenAsync(cancellationToken);
            var rows = await sql.QueryAsync<ChainRow>(connection,
                $"""
                WITH RECURSIVE up(start, id, depth) AS (
                    SELECT id, id, 0 FROM places WHERE id IN ({list})
                    UNION ALL
                    SELECT u.start, p.parent_id, u.depth + 1 FROM up u JOIN places p ON p.id = u.id WHERE p.parent_id IS NOT NULL AND u.depth < 32)
                SELECT u.start, p.id, p.kind, {string.Format(CultureInfo.InvariantCulture, Name, "p")} AS name, u.depth FROM up u JOIN places p ON p.id = u.id;
                """, cancellationToken);
            foreach (var row in rows)
            {
                if (!result.TryGetValue(row.Start, out var chain))
                {
                    result[row.Start] = chain = [];
                }
                chain.Add((row.Id, Enum.Parse<PlaceKind>(row.Kind), row.Name, (int)row.Depth));
            }
        }
        return result.ToDictionary(p => p.Key, p => p.Value.OrderByDescending(c => c.Item4).Select(c => (c.Item1, c.Item2, c.Item3)).ToList(), StringComparer.Ordinal);
    }

    public async Task<bool> IsVisibleAsync(ClaimsPrincipal caller, string placeId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        if (IsAdmin(caller))
        {
            return await connection.ScalarAsync<long>("SELECT count(*) FROM places WHERE id = @id;", null, cancellationToken, ("@id", placeId)) > 0;
        }
        return await connection.ScalarAsync<long>($"WITH RECURSIVE {PlaceArea.Cte} SELECT count(*) FROM area WHERE id = @id;", null, cancellationToken,
            ("@scope", caller.ScopePlaceId()), ("@id", placeId)) > 0;
    }

    private async Task RequireVisibleAsync(ClaimsPrincipal caller, string placeId, CancellationToken cancellationToken)
    {
        if (!await IsVisibleAsync(caller, placeId, cancellationToken))
        {
            throw ApiException.NotFound($"地点 {placeId} 不存在 (places/{placeId} does not exist)");
        }
    }

    private static bool IsAdmin(ClaimsPrincipal caller) => caller.StaffRole() == StaffRole.Admin;

    private static string KindRank(string column) =>
        "CASE " + column + string.Concat(Enum.GetValues<PlaceKind>().Select(k => $" WHEN '{k}' THEN {(int)k}")) + " ELSE 99 END";

    /// <summary>One statement being built: its common table expressions and numbered parameters.</summary>
    private sealed class Sql(ClaimsPrincipal? caller)
    {
        private readonly List<string> _ctes = [];
        private readonly List<(string Name, object? Value)> _parameters = [];

        public string Param(object? value)
        {
            var name = "@p" + _parameters.Count.ToString(CultureInfo.InvariantCulture);
            _parameters.Add((name, value));
            return name;
        }

        public string List(IEnumerable<object?> values) => string.Join(", ", values.Select(Param));

        public void Cte(string cte) => _ctes.Add(cte);

        public string Where(List<string> conditions) => conditions.Count == 0 ? "" : " WHERE " + string.Join(" AND ", conditions);

        /// <summary>Everyone but an administrator sees their scope place and below.</summary>
        public void InArea(List<string> where, string placeColumn)
        {
            if (caller is not null && !IsAdmin(caller))
            {
                Cte(PlaceArea.Cte.Replace("@scope", Param(caller.ScopePlaceId()), StringComparison.Ordinal));
                where.Add($"{placeColumn} IN (SELECT id FROM area)");
            }
        }

        /// <summary>
        /// Each word of <paramref name="search"/> must be in one of <paramref name="columns"/> or, when
        /// <paramref name="placeColumn"/> is given, in the name or id of that place or an ancestor (the place lies in
        /// the subtree of a place that matches). Returns the words' parameter names.
        /// </summary>
        public List<string> Words(List<string> where, string? search, IReadOnlyList<string> columns, string? placeColumn)
        {
            var names = new List<string>();
            if (search is null)
            {
                return names;
            }
            var words = search.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
            if (words.Count > MaxWords)
            {
                throw ApiException.BadRequest($"搜索最多 {MaxWords} 个词 (at most {MaxWords} words)", "q");
            }
            foreach (var word in words)
            {
                var pattern = Param("%" + ListQuery.EscapeLike(word) + "%");
                names.Add(pattern);
                var any = columns.Select(c => $"lower({c}) LIKE lower({pattern}) ESCAPE '\\'").ToList();
                if (placeColumn is not null)
                {
                    var cte = "w" + names.Count.ToString(CultureInfo.InvariantCulture);
                    // UNION (not ALL): a place under two matching ancestors counts once, and a damaged cyclic tree ends.
                    Cte($"""
                        {cte}(id) AS (
                            SELECT id FROM places WHERE lower({string.Format(CultureInfo.InvariantCulture, Name, "places")}) LIKE lower({pattern}) ESCAPE '\' OR lower(id) LIKE lower({pattern}) ESCAPE '\'
                            UNION
                            SELECT p.id FROM places p JOIN {cte} m ON p.parent_id = m.id)
                        """);
                    any.Add($"{placeColumn} IN (SELECT id FROM {cte})");
                }
                where.Add("(" + string.Join(" OR ", any) + ")");
            }
            return names;
        }

        private string Text(string select) => (_ctes.Count == 0 ? "" : "WITH RECURSIVE " + string.Join(",\n", _ctes) + "\n") + select;

        public Task<List<T>> QueryAsync<T>(DbConnection connection, string select, CancellationToken cancellationToken) =>
            connection.QueryAsync<T>(Text(select), null, cancellationToken, [.. _parameters]);

        /// <summary>One page of a query whose column <c>total</c> is <c>count(*) OVER ()</c>.</summary>
        public async Task<(List<T> Items, long Total)> PageAsync<T>(ControllerDb db, string select, ListQuery query, CancellationToken cancellationToken) where T : PagedRow
        {
            var limit = Param(query.Limit);
            var offset = Param(query.Offset);
            await using var connection = await db.OpenAsync(cancellationToken);
            var rows = await QueryAsync<T>(connection, $"{select} LIMIT {limit} OFFSET {offset};", cancellationToken);
            var total = rows.Count > 0 ? rows[^1].Total : -1;
            if (total < 0 && query.Offset > 0)
            {
                // Past the end: the window count is not there, so count once.
                total = await connection.ScalarAsync<long>(Text($"SELECT count(*) FROM ({select}) AS matches;"), null, cancellationToken, [.. _parameters]);
            }
            return (rows, Math.Max(0, total));
        }
    }

    private const string KioskColumns = """
        SELECT k.id, json_extract(k.payload, '$.name') AS name, s.id AS station_id, json_extract(s.payload, '$.name') AS station_name,
            coalesce(k.place_id, s.place_id) AS place_id, count(*) OVER () AS total
        """;

    /// <summary>A row of a page query: <c>count(*) OVER ()</c> as <c>total</c>.</summary>
    private abstract class PagedRow
    {
        public long Total { get; init; }
    }

    private sealed class PayloadRow : PagedRow
    {
        public string Payload { get; init; } = "";
    }

    private sealed class NodeRow : PagedRow
    {
        public string Payload { get; init; } = "";
        public long Children { get; init; }
    }

    private sealed class MatchRow : PagedRow
    {
        public string Id { get; init; } = "";
        public string Kind { get; init; } = "";
        public string? ParentId { get; init; }
    }

    private sealed class KioskRow : PagedRow
    {
        public string Id { get; init; } = "";
        public string Name { get; init; } = "";
        public string StationId { get; init; } = "";
        public string StationName { get; init; } = "";
        public string PlaceId { get; init; } = "";
    }

    private sealed class PlaceRow
    {
        public string Kind { get; init; } = "";
        public string? ParentId { get; init; }
    }

    private sealed class ChainRow
    {
        public string Start { get; init; } = "";
        public string Id { get; init; } = "";
        public string Kind { get; init; } = "";
        public string Name { get; init; } = "";
        public long Depth { get; init; }
    }
}
