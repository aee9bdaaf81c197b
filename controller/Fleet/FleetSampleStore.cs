using System.Globalization;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Shared.Fleet;

namespace SignageKiosk.Controller.Fleet;

/// <summary>
/// The fleet history tables: one row of counts per minute for the whole fleet, and per area only when its counts
/// change (decision 0041: SQL only in stores).
/// </summary>
public sealed class FleetSampleStore(ControllerDb db)
{
    public sealed record PlaceLink(string? Parent, string Kind);

    /// <summary>Writes the whole fleet's counts for a minute (overwriting a restart's row) and forgets rows past the cutoff.</summary>
    public async Task WriteTotalsAsync(DateTimeOffset minute, int[] counts, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecAsync(
            """
            INSERT INTO fleet_samples(at, online, screen_off, offline, never_seen) VALUES (@at, @online, @screenOff, @offline, @neverSeen)
                ON CONFLICT(at) DO UPDATE SET online = excluded.online, screen_off = excluded.screen_off, offline = excluded.offline, never_seen = excluded.never_seen;
            DELETE FROM fleet_samples WHERE at < @cutoff;
            """,
            null, cancellationToken,
            ("@at", Stamp(minute)), ("@online", counts[0]), ("@screenOff", counts[1]), ("@offline", counts[2]), ("@neverSeen", counts[3]), ("@cutoff", Stamp(cutoff)));
    }

    /// <summary>Every place's parent and kind, to find the areas a kiosk counts in.</summary>
    public async Task<Dictionary<string, PlaceLink>> PlaceLinksAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<PlaceLinkRow>("SELECT id, parent_id, kind FROM places;", null, cancellationToken);
        var result = new Dictionary<string, PlaceLink>(rows.Count, StringComparer.Ordinal);
        foreach (var row in rows)
        {
            result[row.Id] = new PlaceLink(row.ParentId, row.Kind);
        }
        return result;
    }

    /// <summary>Each area's newest counts (online, screen off, offline, never seen).</summary>
    public async Task<Dictionary<string, int[]>> LatestAreaCountsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<AreaSampleRow>(
            """
            SELECT place_id, at, online, screen_off, offline, never_seen FROM fleet_area_samples f
            WHERE at = (SELECT max(at) FROM fleet_area_samples l WHERE l.place_id = f.place_id);
            """, null, cancellationToken);
        var result = new Dictionary<string, int[]>(rows.Count, StringComparer.Ordinal);
        foreach (var row in rows)
        {
            result[row.PlaceId] = [row.Online, row.ScreenOff, row.Offline, row.NeverSeen];
        }
        return result;
    }

    /// <summary>Writes the areas whose counts changed, and past the cutoff keeps only each area's newest row, in one transaction.</summary>
    public async Task WriteAreaChangesAsync(IReadOnlyList<(string PlaceId, int[] Counts)> changed, DateTimeOffset minute, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction();
        foreach (var (placeId, c) in changed)
        {
            await connection.ExecAsync(
                """
                INSERT INTO fleet_area_samples(place_id, at, online, screen_off, offline, never_seen) VALUES (@place, @at, @online, @screenOff, @offline, @neverSeen)
                    ON CONFLICT(place_id, at) DO UPDATE SET online = excluded.online, screen_off = excluded.screen_off, offline = excluded.offline, never_seen = excluded.never_seen;
                """,
                transaction, cancellationToken, ("@place", placeId), ("@at", Stamp(minute)), ("@online", c[0]), ("@screenOff", c[1]), ("@offline", c[2]), ("@neverSeen", c[3]));
        }
        // Past the retention only the newest row of each area stays: it is what the area looked like when the window opens.
        await connection.ExecAsync(
            """
            DELETE FROM fleet_area_samples WHERE at < @cutoff
                AND at < (SELECT max(at) FROM fleet_area_samples l WHERE l.place_id = fleet_area_samples.place_id AND l.at < @cutoff);
            """, transaction, cancellationToken, ("@cutoff", Stamp(cutoff)));
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>An area's rows, each written when its counts changed.</summary>
    public async Task<List<FleetSample>> AreaSamplesAsync(string? placeId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<SampleRow>(
            "SELECT at, online, screen_off, offline, never_seen FROM fleet_area_samples WHERE place_id = @place ORDER BY at;", null, cancellationToken, ("@place", placeId));
        return rows.ConvertAll(r => r.ToSample());
    }

    /// <summary>The whole fleet's rows from a time on.</summary>
    public async Task<List<FleetSample>> SamplesAsync(DateTimeOffset from, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<SampleRow>(
            "SELECT at, online, screen_off, offline, never_seen FROM fleet_samples WHERE at >= @from ORDER BY at;", null, cancellationToken, ("@from", Stamp(from)));
        return rows.ConvertAll(r => r.ToSample());
    }

    private static string Stamp(DateTimeOffset at) => at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private sealed class PlaceLinkRow
    {
        public string Id { get; init; } = "";
        public string? ParentId { get; init; }
        public string Kind { get; init; } = "";
    }

    private class SampleRow
    {
        public DateTimeOffset At { get; init; }
        public int Online { get; init; }
        public int ScreenOff { get; init; }
        public int Offline { get; init; }
        public int NeverSeen { get; init; }

        public FleetSample ToSample() => new(At, Online, ScreenOff, Offline, NeverSeen);
    }

    private sealed class AreaSampleRow : SampleRow
    {
        public string PlaceId { get; init; } = "";
    }
}
