using SignageKiosk.Controller.Places;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Notices;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Controller.Print;

/// <summary>A notice as the public may see it, with the station it comes from and that station's clock.</summary>
public sealed record PublicNotice(Notice Notice, string? StationName, StationClock Clock)
{
    public string? Validity => Shared.Print.NoticePrintRequest.Validity(Notice.ValidFrom, Notice.ValidTo, Clock);
}

/// <summary>
/// Notices for anyone with the link (GET /n/{id}): only what a board would show now — published (in the items
/// table: drafts and submissions waiting for review are elsewhere), targeted at a place or kiosk that exists, and
/// valid now (not before its start, not after its end; a withdrawn notice is deleted). Also where a notice is
/// from: the station nearest its target.
/// </summary>
public sealed class PublicNotices(ControllerDb db, StructureStore structure, TimeProvider time)
{
    public const int MaxIdLength = 200;

    public async Task<PublicNotice?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxIdLength)
        {
            return null;
        }
        string? payload;
        await using (var connection = await db.OpenAsync(cancellationToken))
        {
            payload = await connection.ScalarAsync<string>("SELECT payload FROM items WHERE kind = @kind AND id = @id;", null, cancellationToken,
                ("@kind", ContentKind.Notice), ("@id", id));
        }
        if (payload is null || ContentJson.DeserializeItem(ContentKind.Notice, payload) is not Notice notice || !notice.IsValidAt(time.GetUtcNow()))
        {
            return null;
        }
        var (targeted, stationName, clock) = await StationOfAsync(notice.Target, cancellationToken);
        return targeted ? new PublicNotice(notice, stationName, clock) : null;
    }

    /// <summary>
    /// The station a target belongs to: a kiosk's own station; for a place, the station of that place or the
    /// nearest place above it, else the only station below it. Without one, the place's own name stands in.
    /// </summary>
    public async Task<(bool Targeted, string? Name, StationClock Clock)> StationOfAsync(ItemTarget target, CancellationToken cancellationToken)
    {
        var places = (await structure.ListAsync<Place>("places", cancellationToken)).ToDictionary(p => p.Id);
        var stations = await structure.ListAsync<Station>("stations", cancellationToken);
        Station? station = null;
        string? placeId = target.PlaceId;
        if (target.KioskId is { } kioskId)
        {
            var kiosk = (await structure.ListAsync<Kiosk>("kiosks", cancellationToken)).FirstOrDefault(k => k.Id == kioskId);
            station = stations.FirstOrDefault(s => s.Id == kiosk?.StationId);
            if (station is null)
            {
                return (false, null, new StationClock(null));
            }
            return (true, station.Name, new StationClock(station.TimeZone));
        }
        if (placeId is null || !places.TryGetValue(placeId, out var place))
        {
            return (false, null, new StationClock(null));
        }
        var chain = PlaceChain.Ancestry(placeId, id => places.GetValueOrDefault(id));
        station = chain.Select(id => stations.FirstOrDefault(s => s.PlaceId == id)).FirstOrDefault(s => s is not null);
        if (station is null)
        {
            var below = stations.Where(s => PlaceChain.Ancestry(s.PlaceId, id => places.GetValueOrDefault(id)).Contains(placeId)).ToList();
            station = below.Count == 1 ? below[0] : null;
        }
        return station is null ? (true, place.Name, new StationClock(null)) : (true, station.Name, new StationClock(station.TimeZone));
    }
}
