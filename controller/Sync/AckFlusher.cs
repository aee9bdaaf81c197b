using Microsoft.Extensions.Options;
using SignageKiosk.Controller.Cluster;

namespace SignageKiosk.Controller.Sync;

/// <summary>
/// Writes kiosks' acknowledged sequences and last-seen times in batches: one write per kiosk per ack would
/// make every publish cost as many writes as there are kiosks.
/// </summary>
public sealed class AckFlusher(KioskSessions sessions, KioskPresence presence, KioskAckStore store, TimeProvider time, IOptions<SyncOptions> options, ILogger<AckFlusher> logger) : BackgroundService
{
    private readonly Dictionary<string, (long Acked, long Seen)> _written = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.AckFlushInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await FlushAsync(stoppingToken);
                await presence.BeatAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not record kiosk acknowledgements");
            }
        }
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var pending = sessions.All
            .Select(s => (s.KioskId, Acked: Interlocked.Read(ref s.AckedSeq), Seen: Interlocked.Read(ref s.LastSeenTicks), s.SoftwareVersion))
            .Where(s => !_written.TryGetValue(s.KioskId, out var w) || w.Acked != s.Acked || w.Seen != s.Seen)
            .ToList();
        if (pending.Count == 0)
        {
            return;
        }
        await store.WriteAsync(
            pending.Select(s => new KioskAckStore.AckRow(s.KioskId, s.Acked, new DateTimeOffset(s.Seen, TimeSpan.Zero), s.SoftwareVersion)).ToList(),
            cancellationToken);
        foreach (var s in pending)
        {
            _written[s.KioskId] = (s.Acked, s.Seen);
        }
    }
}
