namespace SignageKiosk.Kiosk.Clock;

/// <summary>
/// The kiosk's time: the device clock, corrected by the offset measured against the controller on each hello
/// (kept for as long as the process runs, so schedules stay right offline). Everything that evaluates a
/// schedule takes this as its <see cref="TimeProvider"/>.
/// </summary>
public sealed class KioskClock : TimeProvider
{
    /// <summary>Below this the two clocks agree within what one round trip can tell; leave the device alone.</summary>
    public static readonly TimeSpan CorrectionThreshold = TimeSpan.FromSeconds(2);

    private readonly TimeProvider _system;
    private readonly TimeSpan _deviceShift;
    private long _correctionTicks;

    /// <param name="deviceShift">
    /// How far the device clock is from the system clock: zero on a real kiosk; set (Kiosk:Clock:StartAt) to
    /// simulate a device whose clock is wrong or to move a test kiosk to a chosen moment.
    /// </param>
    public KioskClock(TimeProvider system, TimeSpan deviceShift)
    {
        _system = system;
        _deviceShift = deviceShift;
    }

    /// <summary>Raised when the correction changes, so boundaries and the page's clock are worked out again.</summary>
    public event Action? Corrected;

    /// <summary>Controller minus device, as applied now (zero while the two agree).</summary>
    public TimeSpan Correction => TimeSpan.FromTicks(Interlocked.Read(ref _correctionTicks));

    /// <summary>The device's own idea of the time, uncorrected: what the controller compares with its clock.</summary>
    public DateTimeOffset DeviceNow() => _system.GetUtcNow() + _deviceShift;

    public override DateTimeOffset GetUtcNow() => DeviceNow() + Correction;

    public override TimeZoneInfo LocalTimeZone => _system.LocalTimeZone;

    public override long TimestampFrequency => _system.TimestampFrequency;

    public override long GetTimestamp() => _system.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        _system.CreateTimer(callback, state, dueTime, period);

    /// <summary>Takes a measured offset (controller minus device); small ones are noise and leave the clock as it is.</summary>
    public void Correct(TimeSpan measuredOffset)
    {
        var applied = measuredOffset.Duration() < CorrectionThreshold ? TimeSpan.Zero : measuredOffset;
        if (Interlocked.Exchange(ref _correctionTicks, applied.Ticks) != applied.Ticks)
        {
            Corrected?.Invoke();
        }
    }

    /// <summary>The device shift a configured start moment implies: the clock reads <paramref name="startAt"/> now.</summary>
    public static TimeSpan ShiftFor(DateTimeOffset? startAt, TimeProvider system) =>
        startAt is { } at ? at - system.GetUtcNow() : TimeSpan.Zero;
}
