using System.Data.Common;
using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using SignageKiosk.Controller.Api.Paging;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Cluster;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Controller.Sync;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Fleet;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Controller.Fleet;

/// <summary>
/// The fleet as staff see it: every kiosk with its state, sequences and flags. Live sessions are fresher
/// than the store (acks are written in batches), so the newer of the two wins. One pass over the kiosks and a few
/// grouped queries serve a list page or the summary at city size (10,000 kiosks); only the rows of a page get the
/// exact per-kiosk count of changes behind, which costs a few index seeks each.
/// </summary>
public sealed class FleetQuery(ControllerDb db, KioskSessions sessions, KioskPresence presence, TimeProvider time, IOptions<FleetOptions> options)
{
    /// <param name="Place">Any place: kiosks at it or below (the staff page's drill-down).</param>
    /// <param name="Search">Part of a kiosk id, its name or its station's name, any case.</param>
    public sealed record Filter(
        string? Community = null, string? Compound = null, KioskState? State = null, string? KioskId = null,
        FleetFlag? Flag = null, string? Place = null, string? Search = null);

    private sealed record PlaceRow(string? Parent, string Kind, string Payload);

    private sealed record Scan(List<(FleetKiosk Row, List<string> Chain)> Rows, Dictionary<string, PlaceRow> Places);

    /// <param name="caller">Staff are limited to their scope, as in the content lists; null means the controller itself.</param>
    /// <param name="withSequences">Latest sequence and changes behind cost a few index seeks per kiosk; the history sampler skips them.</param>
    public async Task<List<FleetKiosk>> ListAsync(ClaimsPrincipal? caller, Filter filter, bool withSequences, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var scan = await ScanAsync(connection, caller, filter, cancellationToken);
        var result = new List<FleetKiosk>(scan.Rows.Count);
        foreach (var (row, chain) in scan.Rows)
        {
            result.Add(withSequences ? await WithSequencesAsync(connection, row, chain, cancellationToken) : row);
        }
        return result;
    }

    /// <summary>One page of the filtered list; the exact sequences only for its rows.</summary>
    public async Task<ListPage<FleetKiosk>> PageAsync(ClaimsPrincipal caller, Filter filter, ListQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var scan = await ScanAsync(connection, caller, filter with { Search = query.Search }, cancellationToken);
        var items = new List<FleetKiosk>(query.Limit);
        foreach (var (row, chain) in scan.Rows.Skip(query.Offset).Take(query.Limit))
        {
            items.Add(await WithSequencesAsync(connection, row, chain, cancellationToken));
        }
        return ListPage<FleetKiosk>.Of(items, scan.Rows.Count, query);
    }

    /// <summary>
    /// The caller's area at a glance: counts per community for an administrator or a district/street scope, per
    /// compound for a community scope, the area itself below that; and the kiosks that need attention now.
    /// </summary>
    public async Task<FleetSummary> SummaryAsync(ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var connection = await db.OpenAsync(cancellationToken);
        var scan = await ScanAsync(connection, caller, new Filter(), cancellationToken);
        var areaId = caller.StaffRole() == StaffRole.Admin ? null : caller.ScopePlaceId();
        var areaKind = areaId is not null && scan.Places.TryGetValue(areaId, out var area) && Enum.TryParse<PlaceKind>(area.Kind, out var kind) ? kind : PlaceKind.City;
        var groupKind = areaKind switch
        {
            PlaceKind.City or PlaceKind.District or PlaceKind.Street => PlaceKind.Community,
            PlaceKind.Community => PlaceKind.Compound,
            _ => areaKind,
        };
        var groupKindName = groupKind.ToString();
        var groups = new Dictionary<string, FleetCounts>(StringComparer.Ordinal);
        FleetCounts? elsewhere = null;
        var total = new FleetCounts { Name = "" };
        var attention = new List<FleetKiosk>();
        foreach (var (row, chain) in scan.Rows)
        {
            total.Add(row);
            if (row.Attention.Count > 0)
            {
                attention.Add(row);
            }
            var groupId = chain.FirstOrDefault(id => scan.Places.TryGetValue(id, out var place) && place.Kind == groupKindName);
            var counts = groupId is null
                ? elsewhere ??= new FleetCounts { Name = "" }
                : groups.TryGetValue(groupId, out var existing) ? existing : groups[groupId] = new FleetCounts { PlaceId = groupId, Name = NameOf(scan.Places[groupId].Payload) };
            counts.Add(row);
        }
        var ordered = groups.Values.OrderBy(g => g.Name, StringComparer.Ordinal).ThenBy(g => g.PlaceId, StringComparer.Ordinal).ToList();
        if (elsewhere is not null)
        {
            ordered.Add(elsewhere);
        }
        return new FleetSummary
        {
            AreaId = areaId,
            AreaName = areaId is not null && scan.Places.TryGetValue(areaId, out var areaRow) ? NameOf(areaRow.Payload) : null,
            GroupKind = groupKind,
            Groups = ordered,
            Total = total,
            Attention = [.. attention.OrderBy(k => k, UrgentFirst).Take(Math.Max(0, settings.AttentionListSize))],
            AttentionTotal = attention.Count,
            AttentionLink = "/api/fleet?flag=attention",
            AttentionOfflineMinutes = (int)settings.AttentionOfflineAfter.TotalMinutes,
        };
    }

    /// <summary>Most urgent reason first, then the longest silent, then by id so the order is stable.</summary>
    public static readonly IComparer<FleetKiosk> UrgentFirst = Comparer<FleetKiosk>.Create((a, b) =>
    {
        var byUrgency = FleetAttention.Urgency(a.Attention).CompareTo(FleetAttention.Urgency(b.Attention));
        if (byUrgency != 0)
        {
            return byUrgency;
        }
        var bySilence = Nullable.Compare(a.LastSeen, b.LastSeen);
        return bySilence != 0 ? bySilence : string.CompareOrdinal(a.Id, b.Id);
    });

    private async Task<Scan> ScanAsync(DbConnection connection, ClaimsPrincipal? caller, Filter filter, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var places = new Dictionary<string, PlaceRow>(StringComparer.Ordinal);
        foreach (var place in await connection.QueryAsync<PlaceTableRow>("SELECT id, parent_id, kind, payload FROM places;", null, cancellationToken))
        {
            places[place.Id] = new PlaceRow(place.ParentId, place.Kind, place.Payload);
        }
        var stationNames = (await StationPayloadsAsync(connection, cancellationToken))
            .ToDictionary(p => p.Key, p => p.Value is null ? null : ContentJson.Deserialize<Station>(p.Value).Name, StringComparer.Ordinal);
        var live = sessions.All.GroupBy(s => s.KioskId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        // Connected to this node or to any live one (decision 0040): every node's fleet answers the same.
        var connected = await presence.ConnectedKiosksAsync(cancellationToken);
        var role = caller?.StaffRole();
        var search = filter.Search;

        var rows = new List<(FleetKiosk Row, List<string> Chain)>();
        await using (var command = connection.Command(
            """
            SELECT k.id, k.payload, k.station_id, coalesce(k.place_id, s.place_id) AS place_id, k.acked_seq, k.last_seen, k.software_version,
                   f.installation_id, f.screen_off, f.reported_at, f.heartbeat_seconds, f.reused_at, f.reuse_count, f.reuse_address, f.clock_skew_ms, f.storage_full
            FROM kiosks k JOIN stations s ON s.id = k.station_id LEFT JOIN kiosk_fleet f ON f.kiosk_id = k.id
            WHERE CAST(@id AS TEXT) IS NULL OR k.id = @id
            ORDER BY k.id;
            """, null, ("@id", filter.KioskId)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            // The whole fleet streams through here (10,000 kiosks at city size): a reader, by column name (decision 0041).
            var c = new ScanColumns(reader);
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetString(c.Id);
                var placeId = reader.GetString(c.PlaceId);
                var chain = Chain(placeId, places);
                if (role is { } staffRole && !StaffPermissions.InScope(staffRole, caller!.ScopePlaceId(), chain))
                {
                    continue;
                }
                if ((filter.Community is not null && !chain.Contains(filter.Community))
                    || (filter.Compound is not null && !chain.Contains(filter.Compound))
                    || (filter.Place is not null && !chain.Contains(filter.Place)))
                {
                    continue;
                }
                var sessionsOfKiosk = live.GetValueOrDefault(id) ?? [];
                var lastSeen = Latest(Parse(reader.GetStringOrNull(c.LastSeen)), Parse(reader.GetStringOrNull(c.ReportedAt)),
                    sessionsOfKiosk.Count == 0 ? null : new DateTimeOffset(sessionsOfKiosk.Max(s => Interlocked.Read(ref s.LastSeenTicks)), TimeSpan.Zero));
                var acked = Math.Max(reader.GetInt64(c.AckedSeq), sessionsOfKiosk.Count == 0 ? 0 : sessionsOfKiosk.Max(s => Interlocked.Read(ref s.AckedSeq)));
                var screenOff = !reader.IsDBNull(c.ScreenOff) && reader.GetInt64(c.ScreenOff) != 0;
                TimeSpan? heartbeat = reader.IsDBNull(c.HeartbeatSeconds) ? null : TimeSpan.FromSeconds(reader.GetDouble(c.HeartbeatSeconds));
                var state = FleetRules.StateOf(new KioskLiveness { LastSeen = lastSeen, ScreenOff = screenOff, HeartbeatInterval = heartbeat },
                    now, settings.HeartbeatInterval, settings.MissedHeartbeats);
                if (filter.State is { } wanted && wanted != state)
                {
                    continue;
                }
                var name = ContentJson.Deserialize<Kiosk>(reader.GetString(c.Payload)).Name;
                var stationId = reader.GetString(c.StationId);
                var stationName = stationNames.GetValueOrDefault(stationId);
                if (search is not null && !id.Contains(search, StringComparison.OrdinalIgnoreCase) && !name.Contains(search, StringComparison.OrdinalIgnoreCase)
                    && stationName?.Contains(search, StringComparison.OrdinalIgnoreCase) != true)
                {
                    continue;
                }
                var reusedAt = Parse(reader.GetStringOrNull(c.ReusedAt));
                var row = new FleetKiosk
                {
                    Id = id,
                    Name = name,
                    StationId = stationId,
                    StationName = stationName,
                    PlaceId = placeId,
                    State = state,
                    LastSeen = lastSeen,
                    Connected = connected.Contains(id),
                    ScreenOff = screenOff,
                    AckedSeq = acked,
                    SoftwareVersion = sessionsOfKiosk.Select(s => s.SoftwareVersion).FirstOrDefault(v => v is not null) ?? reader.GetStringOrNull(c.SoftwareVersion),
                    InstallationId = reader.GetStringOrNull(c.InstallationId),
                    CredentialReused = reusedAt is not null,
                    CredentialReusedAt = reusedAt,
                    CredentialReuseCount = reader.IsDBNull(c.ReuseCount) ? 0 : reader.GetInt32(c.ReuseCount),
                    CredentialReusedFrom = reader.GetStringOrNull(c.ReuseAddress),
                    ClockSkewSeconds = reader.IsDBNull(c.ClockSkewMs) ? null : Math.Round(reader.GetDouble(c.ClockSkewMs) / 1000, 1),
                    StorageFull = !reader.IsDBNull(c.StorageFull) && reader.GetInt64(c.StorageFull) != 0,
                };
                rows.Add((row, chain));
            }
        }
        // Lagging needs the newest old-enough change per target: for one kiosk only its own targets are looked at.
        var (latestByPlace, latestByKiosk) = await LatestBeforeAsync(connection, now - settings.LaggingAfter,
            filter.KioskId is null ? null : rows.SelectMany(r => r.Chain).Distinct(StringComparer.Ordinal).ToList(), filter.KioskId, cancellationToken);
        var offlineBefore = now - settings.AttentionOfflineAfter;
        var flagged = new List<(FleetKiosk Row, List<string> Chain)>(rows.Count);
        foreach (var (scanned, chain) in rows)
        {
            // The newest change meant for it (its own or any place of its chain) old enough to count as missed.
            var missed = latestByKiosk.GetValueOrDefault(scanned.Id);
            foreach (var place in chain)
            {
                missed = Math.Max(missed, latestByPlace.GetValueOrDefault(place));
            }
            var row = scanned with { Lagging = scanned.State != KioskState.NeverSeen && scanned.AckedSeq < missed };
            row = row with { Attention = AttentionOf(row, offlineBefore) };
            if (filter.Flag is not { } flag || Has(row, flag))
            {
                flagged.Add((row, chain));
            }
        }
        rows = flagged;
        if (filter.Flag == FleetFlag.Attention)
        {
            rows.Sort((a, b) => UrgentFirst.Compare(a.Row, b.Row));
        }
        return new Scan(rows, places);
    }

    private static List<string> AttentionOf(FleetKiosk kiosk, DateTimeOffset offlineBefore)
    {
        var reasons = new List<string>(1);
        if (kiosk.CredentialReused)
        {
            reasons.Add(FleetAttention.Clone);
        }
        if (kiosk.State == KioskState.Offline && kiosk.LastSeen < offlineBefore)
        {
            reasons.Add(FleetAttention.Offline);
        }
        if (kiosk.StorageFull)
        {
            reasons.Add(FleetAttention.StorageFull);
        }
        if (kiosk.Lagging)
        {
            reasons.Add(FleetAttention.Lagging);
        }
        return reasons;
    }

    private static bool Has(FleetKiosk kiosk, FleetFlag flag) => flag switch
    {
        FleetFlag.Clone => kiosk.CredentialReused,
        FleetFlag.Lagging => kiosk.Lagging,
        FleetFlag.Clock => kiosk.ClockWarning,
        FleetFlag.StorageFull => kiosk.StorageFull,
        _ => kiosk.Attention.Count > 0,
    };

    /// <summary>
    /// The newest change per target place and per target kiosk among those made before <paramref name="before"/>:
    /// two grouped scans of the (target, seq) indexes instead of a few queries per kiosk; for one kiosk, seeks on
    /// its own targets only.
    /// </summary>
    private static async Task<(Dictionary<string, long> ByPlace, Dictionary<string, long> ByKiosk)> LatestBeforeAsync(
        DbConnection connection, DateTimeOffset before, IReadOnlyList<string>? onlyPlaces, string? onlyKiosk, CancellationToken cancellationToken)
    {
        await using var command = connection.Command("");
        var placeFilter = "target_place_id IS NOT NULL";
        var kioskFilter = "target_kiosk_id IS NOT NULL";
        if (onlyPlaces is not null)
        {
            var names = onlyPlaces.Select((place, i) => (Name: $"@p{i}", Place: place)).ToList();
            foreach (var (name, place) in names)
            {
                command.Add(name, place);
            }
            placeFilter = names.Count == 0 ? "1 = 0" : $"target_place_id IN ({string.Join(", ", names.Select(n => n.Name))})";
            kioskFilter = "target_kiosk_id = @kiosk";
            command.Add("@kiosk", (object?)onlyKiosk ?? DBNull.Value);
        }
        command.CommandText =
            $"""
            SELECT 'p' AS side, target_place_id AS target, max(seq) AS latest FROM changes WHERE {placeFilter} AND seq <= @cut GROUP BY target_place_id
            UNION ALL
            SELECT 'k', target_kiosk_id, max(seq) FROM changes WHERE {kioskFilter} AND seq <= @cut GROUP BY target_kiosk_id;
            """;
        // Sequences grow with time, so the newest old-enough change is found walking back from the end.
        await using (var cut = connection.Command("SELECT coalesce((SELECT seq FROM changes WHERE created_at <= @before ORDER BY seq DESC LIMIT 1), 0);",
            null, ("@before", before.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture))))
        {
            command.Add("@cut", (long)(await cut.ExecuteScalarAsync(cancellationToken))!);
        }
        var byPlace = new Dictionary<string, long>(StringComparer.Ordinal);
        var byKiosk = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        int side = reader.GetOrdinal("side"), target = reader.GetOrdinal("target"), latest = reader.GetOrdinal("latest");
        while (await reader.ReadAsync(cancellationToken))
        {
            (reader.GetString(side) == "p" ? byPlace : byKiosk)[reader.GetString(target)] = reader.GetInt64(latest);
        }
        return (byPlace, byKiosk);
    }

    /// <summary>A place's name for a page heading, or null when there is no such place.</summary>
    public async Task<string?> PlaceNameAsync(string placeId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT payload FROM places WHERE id = @id;", null, ("@id", placeId));
        return await command.ExecuteScalarAsync(cancellationToken) is string payload ? NameOf(payload) : null;
    }

    private static string NameOf(string placePayload) => ContentJson.Deserialize<Place>(placePayload).Name;

    private static async Task<FleetKiosk> WithSequencesAsync(DbConnection connection, FleetKiosk row, IReadOnlyList<string> chain, CancellationToken cancellationToken)
    {
        // Every change targets exactly one place or one kiosk, so per-target counts add up without double counting.
        await using var command = connection.Command("", null, ("@kiosk", row.Id), ("@acked", row.AckedSeq));
        var latest = new List<string> { "SELECT max(seq) AS m, 0 AS n FROM changes WHERE target_kiosk_id = @kiosk" };
        var behind = new List<string> { "SELECT NULL, count(*) FROM changes WHERE target_kiosk_id = @kiosk AND seq > @acked" };
        for (var i = 0; i < chain.Count; i++)
        {
            command.Add($"@p{i}", chain[i]);
            latest.Add($"SELECT max(seq), 0 FROM changes WHERE target_place_id = @p{i}");
            behind.Add($"SELECT NULL, count(*) FROM changes WHERE target_place_id = @p{i} AND seq > @acked");
        }
        command.CommandText = "SELECT coalesce(max(m), 0) AS latest_seq, CAST(coalesce(sum(n), 0) AS BIGINT) AS behind FROM (" + string.Join(" UNION ALL ", latest.Concat(behind)) + ") AS targets;";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return row with { LatestSeq = reader.GetInt64(reader.GetOrdinal("latest_seq")), Behind = reader.GetInt64(reader.GetOrdinal("behind")) };
    }

    /// <summary>The place and its ancestors, innermost first (places are few; one read beats a query per kiosk).</summary>
    private static List<string> Chain(string placeId, Dictionary<string, PlaceRow> places)
    {
        var chain = new List<string>();
        for (string? id = placeId; id is not null && chain.Count < 32 && !chain.Contains(id); id = places.GetValueOrDefault(id)?.Parent)
        {
            chain.Add(id);
        }
        return chain;
    }

    private static async Task<Dictionary<string, string?>> StationPayloadsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var station in await connection.QueryAsync<StationRow>("SELECT id, payload FROM stations;", null, cancellationToken))
        {
            result[station.Id] = station.Payload;
        }
        return result;
    }

    private sealed class PlaceTableRow
    {
        public string Id { get; init; } = "";
        public string? ParentId { get; init; }
        public string Kind { get; init; } = "";
        public string Payload { get; init; } = "";
    }

    private sealed class StationRow
    {
        public string Id { get; init; } = "";
        public string? Payload { get; init; }
    }

    /// <summary>Where the scan's columns are, looked up by name once per read.</summary>
    private sealed class ScanColumns(DbDataReader reader)
    {
        public int Id { get; } = reader.GetOrdinal("id");
        public int Payload { get; } = reader.GetOrdinal("payload");
        public int StationId { get; } = reader.GetOrdinal("station_id");
        public int PlaceId { get; } = reader.GetOrdinal("place_id");
        public int AckedSeq { get; } = reader.GetOrdinal("acked_seq");
        public int LastSeen { get; } = reader.GetOrdinal("last_seen");
        public int SoftwareVersion { get; } = reader.GetOrdinal("software_version");
        public int InstallationId { get; } = reader.GetOrdinal("installation_id");
        public int ScreenOff { get; } = reader.GetOrdinal("screen_off");
        public int ReportedAt { get; } = reader.GetOrdinal("reported_at");
        public int HeartbeatSeconds { get; } = reader.GetOrdinal("heartbeat_seconds");
        public int ReusedAt { get; } = reader.GetOrdinal("reused_at");
        public int ReuseCount { get; } = reader.GetOrdinal("reuse_count");
        public int ReuseAddress { get; } = reader.GetOrdinal("reuse_address");
        public int ClockSkewMs { get; } = reader.GetOrdinal("clock_skew_ms");
        public int StorageFull { get; } = reader.GetOrdinal("storage_full");
    }

    private static DateTimeOffset? Parse(string? stamp) => stamp is null ? null : DateTimeOffset.Parse(stamp, CultureInfo.InvariantCulture);

    private static DateTimeOffset? Latest(params DateTimeOffset?[] times) => times.Where(t => t is not null && t.Value.UtcTicks > 0).Max();
}
