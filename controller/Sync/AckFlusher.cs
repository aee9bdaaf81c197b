using System.Globalization;
using Microsoft.Extensions.Options;
using SignageKiosk.Controller.Cluster;
using SignageKiosk.Controller.Storage;

namespace SignageKiosk.Controller.Sync;

/// <summary>
/// Writes kiosks' acknowledged sequences and last-seen times in batches: one write per kiosk per ack would
/// make every publish cost as many writes as there are kiosks.
/// </summary>
public sealed class AckFlusher(KioskSessions sessions, KioskPresence presence, ControllerDb db, TimeProvider time, IOptions<SyncOptions> options, ILogger<AckFlusher> logger) : BackgroundService
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
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction();
        await using var command = connection.Command(
            "UPDATE kiosks SET acked_seq = max(acked_seq, @acked), last_seen = @seen, software_version = coalesce(@version, software_version) WHERE id = @id;",
            transaction);
        var acked = command.Add("@acked", System.Data.DbType.Int64);
        var seen = command.Add("@seen", System.Data.DbType.String);
        var version = command.Add("@version", System.Data.DbType.String);
        var id = command.Add("@id", System.Data.DbType.String);
        foreach (var s in pending)
        {
            acked.Value = s.Acked;
            seen.Value = new DateTimeOffset(s.Seen, TimeSpan.Zero).ToString("O", CultureInfo.InvariantCulture);
            version.Value = (object?)s.SoftwareVersion ?? DBNull.Value;
            id.Value = s.KioskId;
            await command.ExecuteNonQueryAsync(cancellationToken);
            _written[s.KioskId] = (s.Acked, s.Seen);
        }
        await transaction.CommitAsync(cancellationToken);
    }
}
