using Microsoft.Extensions.Options;
using SignageKiosk.Kiosk.Cache;
using SignageKiosk.Kiosk.Pairing;
using SignageKiosk.Shared.ProofOfDisplay;

namespace SignageKiosk.Kiosk.ProofOfDisplay;

/// <summary>
/// Feeds the board pages' reports and the screen's on/off into the tally and writes what it counts to the display
/// file: at each report, at each screen change, and every few seconds (so a page that went silent is closed off).
/// </summary>
public sealed class DisplayTracker : BackgroundService
{
    private readonly Lock _gate = new();
    private readonly DisplayTally _tally;
    private readonly DisplayLog _log;
    private readonly KioskCache _cache;
    private readonly TimeProvider _time;
    private readonly TimeSpan _flushInterval;
    private readonly ILogger<DisplayTracker> _logger;

    public DisplayTracker(DisplayLog log, KioskCache cache, ScreenState screen, TimeProvider time, IOptions<DisplayOptions> options, ILogger<DisplayTracker> logger)
    {
        (_log, _cache, _time, _logger) = (log, cache, time, logger);
        var settings = options.Value;
        _tally = new DisplayTally(settings.PageTimeout > TimeSpan.Zero ? settings.PageTimeout : TimeSpan.FromSeconds(20));
        _flushInterval = settings.FlushInterval > TimeSpan.Zero ? settings.FlushInterval : TimeSpan.FromSeconds(5);
        Record((tally, now) => tally.SetScreenOff(screen.Off, now));
        screen.Changed += () => Record((tally, now) => tally.SetScreenOff(screen.Off, now));
    }

    public bool ScreenOff { get { lock (_gate) { return _tally.ScreenOff; } } }
    public int Pages { get { lock (_gate) { return _tally.Pages; } } }

    /// <summary>A board page shows these notices now. Ids the cache does not hold are not counted.</summary>
    public void Report(string pageId, IReadOnlyCollection<string> noticeIds)
    {
        var known = _cache.Content().Notices.Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        var visible = noticeIds.Where(known.Contains).ToList();
        Record((tally, now) => tally.Report(pageId, visible, now));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_flushInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Record((tally, now) => tally.Advance(now));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        Record((tally, now) => tally.Advance(now));
    }

    private void Record(Func<DisplayTally, DateTimeOffset, List<DisplayPiece>> step)
    {
        try
        {
            // One lock around the clock reading, the tally and the write keeps the pieces in time order.
            lock (_gate)
            {
                _log.Add(step(_tally, _time.GetUtcNow()));
            }
        }
        catch (Exception e)
        {
            // Losing a few seconds of proof is better than failing the page's request or the host.
            _logger.LogError(e, "Could not record display time");
        }
    }
}
