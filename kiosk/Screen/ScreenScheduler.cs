using Microsoft.Extensions.Options;
using SignageKiosk.Kiosk.Cache;
using SignageKiosk.Kiosk.Clock;
using SignageKiosk.Kiosk.Pairing;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Screen;

namespace SignageKiosk.Kiosk.Screen;

/// <summary>
/// Switches the screen at its station's screen hours, from the cache and the kiosk's (corrected) clock, with or
/// without a network: a timer to the next on/off change, never polling. Off sets <see cref="ScreenState"/> (the board
/// page turns black, the fleet shows "off by schedule") and powers the display down where it can; a touch on the black
/// page wakes the board for <see cref="KioskOptions.ScreenWakeTime"/>, after which it blanks again if still outside
/// hours. A live emergency broadcast switches the screen on whatever the hours.
/// </summary>
public sealed class ScreenScheduler(
    KioskCache cache, ScreenState screen, DisplayPowerSwitch display, KioskClock time, IOptions<KioskOptions> options, ILogger<ScreenScheduler> logger)
    : BackgroundService
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _wakeUntil;
    /// <summary>Whether this scheduler last switched the screen off; null before its first decision and after a wake.</summary>
    private bool? _appliedOff;
    private TaskCompletionSource _recheck = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private TimeSpan WakeTime => options.Value.ScreenWakeTime < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : options.Value.ScreenWakeTime;

    /// <summary>A touch on the black page: the board comes on for the wake time. False when the screen was not off.</summary>
    public bool Wake()
    {
        lock (_gate)
        {
            if (!screen.Off)
            {
                return false;
            }
            _wakeUntil = time.GetUtcNow() + WakeTime;
            // Switch on even if the screen was put off by someone else (PUT /screen) while this scheduler said on.
            _appliedOff = null;
            Evaluate();
        }
        Recheck();
        return true;
    }

    /// <summary>Until when the board stays woken, if it is.</summary>
    public DateTimeOffset? WokenUntil
    {
        get
        {
            lock (_gate)
            {
                return _wakeUntil is { } until && until > time.GetUtcNow() ? until : null;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A station's hours arrive and change through the cache; a change means a new decision and a new timer.
        cache.Changed += Recheck;
        // A corrected clock moves every change.
        time.Corrected += Recheck;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var recheck = Volatile.Read(ref _recheck).Task;
                DateTimeOffset? next;
                try
                {
                    lock (_gate)
                    {
                        next = Evaluate();
                    }
                }
                catch (Exception e)
                {
                    logger.LogError(e, "Could not work out the screen hours; trying again in a minute");
                    next = time.GetUtcNow().AddMinutes(1);
                }
                // Long waits are cut into hours so a wall-clock jump (NTP correction) is noticed.
                var wait = next is { } change ? change - time.GetUtcNow() : TimeSpan.FromHours(1);
                wait = TimeSpan.FromTicks(Math.Clamp(wait.Ticks, TimeSpan.FromMilliseconds(5).Ticks, TimeSpan.FromHours(1).Ticks));
                using var timer = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var delay = Task.Delay(wait, time, timer.Token);
                await Task.WhenAny(delay, recheck);
                await timer.CancelAsync();
            }
        }
        finally
        {
            cache.Changed -= Recheck;
            time.Corrected -= Recheck;
        }
    }

    private void Recheck() => Interlocked.Exchange(ref _recheck, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Decides and, when the decision differs from the last one, switches. Under <see cref="_gate"/>. Returns when to look again.</summary>
    private DateTimeOffset? Evaluate()
    {
        var now = time.GetUtcNow();
        var content = cache.Content();
        var station = content.Station;
        var hours = station?.ScreenHours;
        var decision = ScreenDecision.For(hours, new StationClock(station?.TimeZone), now, _wakeUntil, content.Broadcasts);
        if (!decision.Woken)
        {
            _wakeUntil = null;
        }
        var off = !decision.On;
        // A broadcast must reach the resident even if something else (PUT /screen) switched the screen off.
        if (_appliedOff != off || (decision.ForBroadcast && screen.Off))
        {
            // At start, a station without screen hours leaves the display alone.
            var touchDisplay = _appliedOff is not null || off || hours is not null;
            _appliedOff = off;
            if (decision.ForBroadcast)
            {
                logger.LogInformation("Screen on outside its hours for an emergency broadcast, until {Next}", decision.NextChange?.ToString("O"));
            }
            else if (decision.Woken)
            {
                logger.LogInformation("Screen woken by a touch until {Until}", _wakeUntil);
            }
            else
            {
                logger.LogInformation("Screen {State} by the station's screen hours until {Next}", off ? "off" : "on", decision.NextChange?.ToString("O") ?? "further notice");
            }
            screen.Set(off);
            if (touchDisplay)
            {
                _ = display.SetAsync(off);
            }
        }
        return decision.NextChange;
    }
}
