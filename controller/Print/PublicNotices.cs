using SignageKiosk.Controller.Places;
using SignageKiosk.Controller.Content;
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
public sealed class PublicNotices(ContentStore content, StructureStore structure, TimeProvider time)
{
    public const int MaxIdLength = 200;

    public async Task<PublicNotice?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxIdLength)
        {
            return null;
        }
        var payload = await content.PublishedPayloadAsync(ContentKind.Notice, id, cancellationToken);
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
        // Targeted reads (the kiosk and its station; the place's chain and the stations on it): this page is public
        // and a city has thousands of places, stations and screens.
        if (target.KioskId is { } kioskId)
        {
            var kiosk = await structure.GetAsync<Kiosk>("kiosks", kioskId, cancellationToken);
            var own = kiosk is null ? null : await structure.GetAsync<Station>("stations", kiosk.StationId, cancellationToken);
            return own is null ? (false, null, new StationClock(null)) : (true, own.Name, new StationClock(own.TimeZone));
        }
        if (target.PlaceId is not { } placeId || await structure.ChainAsync(placeId, cancellationToken) is not [var place, ..] chain)
        {
            return (false, null, new StationClock(null));
        }
        var onChain = await structure.StationsAtAsync([.. chain.Select(p => p.Id)], cancellationToken);
        var station = chain.Select(p => onChain.FirstOrDefault(s => s.PlaceId == p.Id)).FirstOrDefault(s => s is not null);
        if (station is null)
        {
            var below = await structure.StationsUnderAsync(placeId, 2, cancellationToken);
            station = below.Count == 1 ? below[0] : null;
        }
        return station is null ? (true, place.Name, new StationClock(null)) : (true, station.Name, new StationClock(station.TimeZone));
    }
}
