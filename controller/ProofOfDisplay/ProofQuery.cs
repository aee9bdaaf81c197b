using System.Data.Common;
using System.Globalization;
using System.Security.Claims;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Api.Paging;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Places;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Places;
using SignageKiosk.Shared.ProofOfDisplay;

namespace SignageKiosk.Controller.ProofOfDisplay;

/// <summary>
/// Answers staff: which screens at a place showed a notice, per hour, in a time range. Staff ask only about places
/// in their area (as for content); the screens are every kiosk standing at or under the place.
/// </summary>
public sealed class ProofQuery(DisplayProofStore store, ControllerDb db, TimeProvider time)
{
    public static readonly TimeSpan DefaultRange = TimeSpan.FromHours(24);
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(366);

    public async Task<ProofAnswer> AnswerAsync(ClaimsPrincipal caller, string? noticeId, string? placeId, DateTimeOffset? from, DateTimeOffset? to, ListQuery page, CancellationToken cancellationToken)
    {
        var role = caller.StaffRole() ?? throw ApiException.Forbidden("只有工作人员可以查询通知的播放记录 (only staff may ask where notices were shown)");
        if (string.IsNullOrWhiteSpace(noticeId))
        {
            throw ApiException.BadRequest("请指明要查询的通知（noticeId） (noticeId is required)", "noticeId");
        }
        var end = to ?? time.GetUtcNow();
        var start = from ?? end - DefaultRange;
        if (start >= end)
        {
            throw ApiException.BadRequest("开始时间须早于结束时间 ('from' must be before 'to')", "from");
        }
        if (end - start > MaxRange)
        {
            throw ApiException.BadRequest($"一次最多查询 {MaxRange.TotalDays} 天 (ask about at most {MaxRange.TotalDays} days at once)", "from");
        }
        if (string.IsNullOrWhiteSpace(placeId))
        {
            // Staff without a place get their own area; an administrator without one gets every screen.
            placeId = role == StaffRole.Admin ? null : caller.ScopePlaceId() ?? throw ApiException.Forbidden("您的账号没有所属区域 (your account has no area)");
        }

        await using var connection = await db.OpenAsync(cancellationToken);
        if (placeId is not null)
        {
            var chain = await KioskDirectory.AncestryAsync(connection, null, placeId, cancellationToken);
            if (chain.Count == 0)
            {
                throw ApiException.NotFound($"地点 {placeId} 不存在 (places/{placeId} does not exist)");
            }
            if (!StaffPermissions.InScope(role, caller.ScopePlaceId(), chain))
            {
                throw ApiException.Forbidden($"地点 {placeId} 不在您的管辖范围内 (places/{placeId} is outside your area)");
            }
        }
        var screens = await ScreensAtAsync(connection, placeId, cancellationToken);
        var rows = (await store.ReadAsync(noticeId, start, end, cancellationToken)).ToLookup(r => r.KioskId, StringComparer.Ordinal);
        var answered = new List<ProofAnswer.Screen>();
        foreach (var (kiosk, kioskPlace, kioskPlaceName, station) in screens)
        {
            var clock = new StationClock(station?.TimeZone);
            var hours = rows[kiosk.Id].Select(r => new ProofAnswer.HourSeconds(r.Hour,
                clock.ToLocal(r.Hour).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), r.Seconds)).ToList();
            var summary = DisplaySummary.Of(hours.Select(h => (h.Hour, h.Seconds)));
            answered.Add(new ProofAnswer.Screen
            {
                KioskId = kiosk.Id,
                Name = kiosk.Name,
                PlaceId = kioskPlace,
                PlaceName = kioskPlaceName,
                StationId = kiosk.StationId,
                StationName = station?.Name,
                TimeZone = clock.Zone.Id,
                TotalSeconds = summary.TotalSeconds,
                FirstShown = summary.FirstShown,
                LastShown = summary.LastShown,
                Hours = hours,
            });
        }
        return new ProofAnswer
        {
            NoticeId = noticeId,
            NoticeTitle = await TitleAsync(noticeId, cancellationToken),
            PlaceId = placeId,
            PlaceName = placeId is null ? null : await PlaceNameAsync(connection, placeId, cancellationToken),
            From = start,
            To = end,
            TotalSeconds = answered.Sum(s => s.TotalSeconds),
            ScreensShown = answered.Count(s => s.Shown),
            Kiosks = ListPage<ProofAnswer.Screen>.Slice(
                [.. answered.Where(s => page.Search is not { } q || s.Name.Contains(q, StringComparison.OrdinalIgnoreCase) || s.KioskId.Contains(q, StringComparison.OrdinalIgnoreCase))
                    .OrderByDescending(s => s.TotalSeconds).ThenBy(s => s.Name, StringComparer.Ordinal).ThenBy(s => s.KioskId, StringComparer.Ordinal)], page),
        };
    }

    /// <summary>The zone a question about <paramref name="placeId"/> is asked in: its screens' station's, else the nearest station's above it.</summary>
    public async Task<string> TimeZoneOfAsync(string? placeId, CancellationToken cancellationToken)
    {
        if (placeId is null)
        {
            return Station.DefaultTimeZone;
        }
        await using var connection = await db.OpenAsync(cancellationToken);
        var chain = await KioskDirectory.AncestryAsync(connection, null, placeId, cancellationToken);
        if (chain.Count == 0)
        {
            return Station.DefaultTimeZone;
        }
        // The first screen by name (then id) at or under the place that has a station: its station's zone. Names,
        // ids and zones only, sorted here as before (ordinal), not every screen's record.
        var zones = await connection.QueryAsync<ScreenZoneRow>(
            $"""
            WITH RECURSIVE {Subtree}
            SELECT json_extract(k.payload, '$.name') AS name, k.id, json_extract(s.payload, '$.timeZone') AS time_zone
            FROM kiosks k JOIN stations s ON s.id = k.station_id
            WHERE coalesce(k.place_id, s.place_id) IN (SELECT id FROM under);
            """, null, cancellationToken, ("@place", placeId));
        if (zones.Count > 0)
        {
            return zones.OrderBy(z => z.Name, StringComparer.Ordinal).ThenBy(z => z.Id, StringComparer.Ordinal).First().TimeZone ?? Station.DefaultTimeZone;
        }
        // No screen there: the nearest station at or above the place (the first by id where a place has several).
        var ids = chain.Distinct(StringComparer.Ordinal).ToList();
        var names = ids.Select((_, i) => "@p" + i.ToString(CultureInfo.InvariantCulture)).ToList();
        var stations = await connection.QueryAsync<StationZoneRow>(
            $"SELECT place_id, json_extract(payload, '$.timeZone') AS time_zone FROM stations WHERE place_id IN ({string.Join(", ", names)}) ORDER BY id;", null,
            cancellationToken, [.. ids.Select((id, i) => (names[i], (object?)id))]);
        var byPlace = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var station in stations)
        {
            byPlace.TryAdd(station.PlaceId, station.TimeZone);
        }
        foreach (var id in chain)
        {
            if (byPlace.TryGetValue(id, out var zone))
            {
                return zone ?? Station.DefaultTimeZone;
            }
        }
        return Station.DefaultTimeZone;
    }

    private async Task<string?> TitleAsync(string noticeId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.ScalarAsync<string>("SELECT json_extract(payload, '$.title') FROM items WHERE kind = @kind AND id = @id;",
            null, cancellationToken, ("@kind", ContentKind.Notice), ("@id", noticeId));
    }

    /// <summary>A place and every place below it: <c>under(id)</c> from <c>@place</c>. UNION ends a damaged cyclic tree.</summary>
    private const string Subtree = "under(id) AS (SELECT id FROM places WHERE id = @place UNION SELECT p.id FROM places p JOIN under u ON p.parent_id = u.id)";

    /// <summary>
    /// Kiosks standing at or under the place (every kiosk for null), with where they stand, that place's name and
    /// their station, by name then id: read in SQL from the place's subtree only, never the whole city.
    /// </summary>
    private static async Task<List<(Kiosk Kiosk, string PlaceId, string? PlaceName, Station? Station)>> ScreensAtAsync(
        DbConnection connection, string? placeId, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<ScreenRow>(
            $"""
            {(placeId is null ? "" : "WITH RECURSIVE " + Subtree)}
            SELECT k.payload AS kiosk_payload, coalesce(k.place_id, s.place_id) AS place_id,
                   (SELECT json_extract(p.payload, '$.name') FROM places p WHERE p.id = coalesce(k.place_id, s.place_id)) AS place_name, s.payload AS station_payload
            FROM kiosks k LEFT JOIN stations s ON s.id = k.station_id
            WHERE {(placeId is null ? "coalesce(k.place_id, s.place_id) IS NOT NULL" : "coalesce(k.place_id, s.place_id) IN (SELECT id FROM under)")};
            """, null, cancellationToken, ("@place", placeId));
        var result = new List<(Kiosk, string, string?, Station?)>(rows.Count);
        foreach (var row in rows)
        {
            result.Add((ContentJson.Deserialize<Kiosk>(row.KioskPayload), row.PlaceId, row.PlaceName,
                row.StationPayload is null ? null : ContentJson.Deserialize<Station>(row.StationPayload)));
        }
        return [.. result.OrderBy(r => r.Item1.Name, StringComparer.Ordinal).ThenBy(r => r.Item1.Id, StringComparer.Ordinal)];
    }

    private static async Task<string?> PlaceNameAsync(DbConnection connection, string placeId, CancellationToken cancellationToken) =>
        await connection.ScalarAsync<string>("SELECT json_extract(payload, '$.name') FROM places WHERE id = @id;", null, cancellationToken, ("@id", placeId));

    private sealed class ScreenZoneRow
    {
        public string Name { get; init; } = "";
        public string Id { get; init; } = "";
        public string? TimeZone { get; init; }
    }

    private sealed class StationZoneRow
    {
        public string PlaceId { get; init; } = "";
        public string? TimeZone { get; init; }
    }

    private sealed class ScreenRow
    {
        public string KioskPayload { get; init; } = "";
        public string PlaceId { get; init; } = "";
        public string? PlaceName { get; init; }
        public string? StationPayload { get; init; }
    }
}
