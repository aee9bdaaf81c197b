using System.Security.Claims;
using Microsoft.Extensions.Options;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Pairing;
using SignageKiosk.Shared.Fleet;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Controller.Fleet;

/// <summary>
/// Counts the fleet by state once a minute into a small table (one row per minute, seven days kept) for the
/// history chart, and once an hour forgets credential history past its retention. Nothing at the start: the first
/// count is one interval later.
/// </summary>
public sealed class FleetSampler(
    FleetQuery fleet,
    CredentialRotation rotation,
    FleetSampleStore samples,
    TimeProvider time,
    IOptions<FleetOptions> options,
    ILogger<FleetSampler> logger) : BackgroundService
{
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The first count one interval after the start, not at it: a restarted node's kiosks are still reconnecting then
        // (counted, they would all be offline), and a scan of the whole fleet would take CPU from their handshakes.
        using var timer = new PeriodicTimer(options.Value.SampleInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
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
    }

    public async Task SampleAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var kiosks = await fleet.ListAsync(null, new FleetQuery.Filter(), withSequences: false, cancellationToken);
        int Count(KioskState state) => kiosks.Count(k => k.State == state);
        // One row per minute whatever the interval: a restart or a short test interval overwrites, never piles up.
        var minute = FleetHistory.Floor(now, TimeSpan.FromMinutes(1));
        await samples.WriteTotalsAsync(minute,
            [Count(KioskState.Online), Count(KioskState.ScreenOffBySchedule), Count(KioskState.Offline), Count(KioskState.NeverSeen)],
            now - options.Value.HistoryRetention, cancellationToken);
        await SampleAreasAsync(kiosks, minute, now - options.Value.HistoryRetention, cancellationToken);
    }

    /// <summary>
    /// The same counts per community and compound (the areas staff are scoped to), written only when they change:
    /// thousands of areas sampled every minute would otherwise outgrow everything else the controller keeps.
    /// </summary>
    private async Task SampleAreasAsync(List<FleetKiosk> kiosks, DateTimeOffset minute, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var places = await samples.PlaceLinksAsync(cancellationToken);
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
        var latest = await samples.LatestAreaCountsAsync(cancellationToken);
        // An area whose last kiosk went away is written once more, as empty.
        foreach (var gone in latest.Keys.Where(id => !counts.ContainsKey(id) && latest[id].Any(n => n != 0)).ToList())
        {
            counts[gone] = new int[4];
        }
        var changed = counts
            .Where(area => !(latest.TryGetValue(area.Key, out var last) && last.SequenceEqual(area.Value)))
            .Select(area => (area.Key, area.Value))
            .ToList();
        await samples.WriteAreaChangesAsync(changed, minute, cutoff, cancellationToken);
    }

    /// <summary>The history the caller may see: the whole fleet for an administrator, else their area's.</summary>
    public async Task<List<FleetSample>> ReadAsync(ClaimsPrincipal caller, DateTimeOffset from, CancellationToken cancellationToken)
    {
        var all = await ReadAsync(from, cancellationToken);
        if (caller.StaffRole() == StaffRole.Admin)
        {
            return all;
        }
        var changes = await samples.AreaSamplesAsync(caller.ScopePlaceId(), cancellationToken);
        return FleetHistory.AreaSamples(all.Select(s => s.At), changes);
    }

    public Task<List<FleetSample>> ReadAsync(DateTimeOffset from, CancellationToken cancellationToken) => samples.SamplesAsync(from, cancellationToken);
}
