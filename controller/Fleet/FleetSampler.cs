using System.Globalization;
using Microsoft.Extensions.Options;
using SignageKiosk.Controller.Pairing;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Shared.Fleet;

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
