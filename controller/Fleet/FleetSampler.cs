using System.Data.Common;
using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Pairing;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Shared.Fleet;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Controller.Fleet;

/// <summary>
/// Counts the fleet by state once a minute into a small table (one row per minute, seven days kept) for the
/// history chart, and once an hour forgets credential history past its retention.
/// </summary>
public sealed class FleetSampler(
    FleetQuery fleet,
    CredentialRotation rotation,
    ControllerDb db,
    TimeProvider time,
    IOptions<FleetOptions> options,
    ILogger<FleetSampler> logger) : BackgroundService
{
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SampleInterval, time);
        do
        {
            try
            {
                await SampleAsync(stoppingToken);
                if (time.GetUtcNow() - _lastPrune > TimeSpan.FromHours(1))
                {
                    await rotation.PruneAsync(stoppingToken);
                    _lastPrune = time.GetUtcNow();
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not sample the fleet");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task SampleAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var kiosks = await fleet.ListAsync(null, new FleetQuery.Filter(), withSequences: false, cancellationToken);
        int Count(KioskState state) => kiosks.Count(k => k.State == state);
        // One row per minute whatever the interval: a restart or a short test interval overwrites, never piles up.
        var minute = FleetHistory.Floor(now, TimeSpan.FromMinutes(1));
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecAsync(
            """
            INSERT INTO fleet_samples(at, online, screen_off, offline, never_seen) VALUES (@at, @online, @screenOff, @offline, @neverSeen)
                ON CONFLICT(at) DO UPDATE SET online = excluded.online, screen_off = excluded.screen_off, offline = excluded.offline, never_seen = excluded.never_seen;
            DELETE FROM fleet_samples WHERE at < @cutoff;
            """,
            null, cancellationToken,
            ("@at", Stamp(minute)), ("@online", Count(KioskState.Online)), ("@screenOff", Count(KioskState.ScreenOffBySchedule)),
            ("@offline", Count(KioskState.Offline)), ("@neverSeen", Count(KioskState.NeverSeen)), ("@cutoff", Stamp(now - options.Value.HistoryRetention)));
        await SampleAreasAsync(connection, kiosks, minute, now - options.Value.HistoryRetention, cancellationToken);
    }

    /// <summary>
    /// The same counts per community and compound (the areas staff are scoped to), written only when they change:
    /// thousands of areas sampled every minute would otherwise outgrow everything else the controller keeps.
    /// </summary>
    private static async Task SampleAreasAsync(DbConnection connection, List<FleetKiosk> kiosks, DateTimeOffset minute, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var places = new Dictionary<string, (string? Parent, string Kind)>(StringComparer.Ordinal);
        await using (var command = connection.Command("SELECT id, parent_id, kind FROM places;"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                places[reader.GetString(0)] = (reader.GetStringOrNull(1), reader.GetString(2));
            }
        }
        var counts = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach (var kiosk in kiosks)
        {
            var seen = 0;
            for (string? id = kiosk.PlaceId; id is not null && seen++ < 32 && places.TryGetValue(id, out var place); id = place.Parent)
            {
                if (place.Kind is nameof(PlaceKind.Community) or nameof(PlaceKind.Compound))
                {
                    var c = counts.TryGetValue(id, out var existing) ? existing : counts[id] = new int[4];
                    c[kiosk.State switch { KioskState.Online => 0, KioskState.ScreenOffBySchedule => 1, KioskState.Offline => 2, _ => 3 }]++;
                }
            }
        }
        var latest = new Dictionary<string, int[]>(StringComparer.Ordinal);
        await using (var command = connection.Command(
            """
            SELECT place_id, online, screen_off, offline, never_seen FROM fleet_area_samples f
            WHERE at = (SELECT max(at) FROM fleet_area_samples l WHERE l.place_id = f.place_id);
            """))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                latest[reader.GetString(0)] = [reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4)];
            }
        }
        // An area whose last kiosk went away is written once more, as empty.
        foreach (var gone in latest.Keys.Where(id => !counts.ContainsKey(id) && latest[id].Any(n => n != 0)).ToList())
        {
            counts[gone] = new int[4];
        }
        await using var transaction = connection.BeginTransaction();
        foreach (var (placeId, c) in counts)
        {
            if (latest.TryGetValue(placeId, out var last) && last.SequenceEqual(c))
            {
                continue;
            }
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

    /// <summary>The history the caller may see: the whole fleet for an administrator, else their area's.</summary>
    public async Task<List<FleetSample>> ReadAsync(ClaimsPrincipal caller, DateTimeOffset from, CancellationToken cancellationToken)
    {
        var all = await ReadAsync(from, cancellationToken);
        if (caller.StaffRole() == StaffRole.Admin)
        {
            return all;
        }
        var changes = new List<FleetSample>();
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            "SELECT at, online, screen_off, offline, never_seen FROM fleet_area_samples WHERE place_id = @place ORDER BY at;", null, ("@place", caller.ScopePlaceId()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            changes.Add(new FleetSample(DateTimeOffset.Parse(reader.GetString(0), CultureInfo.InvariantCulture),
                reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4)));
        }
        return FleetHistory.AreaSamples(all.Select(s => s.At), changes);
    }

    public async Task<List<FleetSample>> ReadAsync(DateTimeOffset from, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT at, online, screen_off, offline, never_seen FROM fleet_samples WHERE at >= @from ORDER BY at;",
            null, ("@from", Stamp(from)));
        var result = new List<FleetSample>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new FleetSample(DateTimeOffset.Parse(reader.GetString(0), CultureInfo.InvariantCulture),
                reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4)));
        }
        return result;
    }

    private static string Stamp(DateTimeOffset at) => at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
}
