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
public sealed class ProofQuery(DisplayProofStore store, StructureStore structure, ControllerDb db, TimeProvider time)
{
    public static readonly TimeSpan DefaultRange = TimeSpan.FromHours(24);
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(366);

    public async Task<ProofAnswer> AnswerAsync(ClaimsPrincipal caller, string? noticeId, string? placeId, DateTimeOffset? from, DateTimeOffset? to, ListQuery page, CancellationToken cancellationToken)
    {
        var role = caller.StaffRole() ?? throw ApiException.Forbidden("only staff may ask where notices were shown");
        if (string.IsNullOrWhiteSpace(noticeId))
        {
            throw ApiException.BadRequest("noticeId is required", "noticeId");
        }
        var end = to ?? time.GetUtcNow();
        var start = from ?? end - DefaultRange;
        if (start >= end)
        {
            throw ApiException.BadRequest("'from' must be before 'to'", "from");
        }
        if (end - start > MaxRange)
        {
            throw ApiException.BadRequest($"ask about at most {MaxRange.TotalDays} days at once", "from");
        }
        if (string.IsNullOrWhiteSpace(placeId))
        {
            // Staff without a place get their own area; an administrator without one gets every screen.
            placeId = role == StaffRole.Admin ? null : caller.ScopePlaceId() ?? throw ApiException.Forbidden("your account has no area");
        }

        var world = await World.LoadAsync(structure, cancellationToken);
        if (placeId is not null)
        {
            if (!world.Places.ContainsKey(placeId))
            {
                throw ApiException.NotFound($"places/{placeId} does not exist");
            }
            if (!StaffPermissions.InScope(role, caller.ScopePlaceId(), world.Chain(placeId)))
            {
                throw ApiException.Forbidden($"places/{placeId} is outside your area");
            }
        }
        var screens = world.KiosksAt(placeId);
        var rows = (await store.ReadAsync(noticeId, start, end, cancellationToken)).ToLookup(r => r.KioskId, StringComparer.Ordinal);
        var answered = new List<ProofAnswer.Screen>();
        foreach (var (kiosk, kioskPlace, station) in screens)
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
                PlaceName = world.Places.GetValueOrDefault(kioskPlace)?.Name,
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
            PlaceName = placeId is null ? null : world.Places[placeId].Name,
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
        var world = await World.LoadAsync(structure, cancellationToken);
        if (placeId is null || !world.Places.ContainsKey(placeId))
        {
            return Station.DefaultTimeZone;
        }
        var station = world.KiosksAt(placeId).Select(k => k.Station).FirstOrDefault(s => s is not null)
            ?? world.Chain(placeId).Select(id => world.Stations.FirstOrDefault(s => s.PlaceId == id)).FirstOrDefault(s => s is not null);
        return station?.TimeZone ?? Station.DefaultTimeZone;
    }

    private async Task<string?> TitleAsync(string noticeId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.ScalarAsync<string>("SELECT json_extract(payload, '$.title') FROM items WHERE kind = @kind AND id = @id;",
            null, cancellationToken, ("@kind", ContentKind.Notice), ("@id", noticeId));
    }

    /// <summary>Places, stations and kiosks: few enough to read whole for one question.</summary>
    private sealed record World(Dictionary<string, Place> Places, List<Station> Stations, List<Kiosk> Kiosks)
    {
        public static async Task<World> LoadAsync(StructureStore structure, CancellationToken cancellationToken) => new(
            (await structure.ListAsync<Place>(ContentKind.Place, cancellationToken)).ToDictionary(p => p.Id, StringComparer.Ordinal),
            await structure.ListAsync<Station>(ContentKind.Station, cancellationToken),
            await structure.ListAsync<Kiosk>(ContentKind.Kiosk, cancellationToken));

        public IReadOnlyList<string> Chain(string placeId) => PlaceChain.Ancestry(placeId, id => Places.GetValueOrDefault(id));

        /// <summary>Kiosks standing at or under the place (all of them for null), with where they stand and their station.</summary>
        public List<(Kiosk Kiosk, string PlaceId, Station? Station)> KiosksAt(string? placeId)
        {
            var result = new List<(Kiosk, string, Station?)>();
            foreach (var kiosk in Kiosks.OrderBy(k => k.Name, StringComparer.Ordinal).ThenBy(k => k.Id, StringComparer.Ordinal))
            {
                var station = Stations.FirstOrDefault(s => s.Id == kiosk.StationId);
                var kioskPlace = kiosk.PlaceId ?? station?.PlaceId;
                if (kioskPlace is not null && (placeId is null || Chain(kioskPlace).Contains(placeId, StringComparer.Ordinal)))
                {
                    result.Add((kiosk, kioskPlace, station));
                }
            }
            return result;
        }
    }
}
