using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Controller.Admission;

/// <summary>
/// Admits kiosk handshakes at the rate this node serves them (docs/decisions/0039). A concurrency limit, not a fixed
/// rate: a place frees when a kiosk is in sync, so the admitted rate follows what the node (its CPU, SQLite's one
/// writer) manages. The refused are told when to come back, spread over the time the node needs to drain them,
/// which it estimates from the last second's refusals and completed handshakes.
/// </summary>
public sealed class KioskAdmission : IDisposable
{
    private readonly ConcurrencyLimiter? _limiter;
    private readonly AdmissionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<KioskAdmission> _logger;
    private readonly Lock _gate = new();
    private long _secondStarted;
    private int _refused;
    private int _completed;
    private int _refusedLastSecond;
    private int _completedLastSecond;

    public KioskAdmission(IOptions<AdmissionOptions> options, TimeProvider time, ILogger<KioskAdmission> logger)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
        _secondStarted = time.GetTimestamp();
        if (_options.MaxConcurrentHandshakes > 0)
        {
            _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
            {
                PermitLimit = _options.MaxConcurrentHandshakes,
                QueueLimit = _options.QueueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            });
        }
    }

    /// <summary>Handshakes admitted and not yet in sync.</summary>
    public int InHandshake => _limiter is null ? 0 : _options.MaxConcurrentHandshakes - (int)(_limiter.GetStatistics()?.CurrentAvailablePermits ?? 0);

    /// <summary>
    /// A place for one more handshake, waiting at most <see cref="AdmissionOptions.QueueTimeout"/> in a short queue, or
    /// null: the caller refuses it with <see cref="RetryAfterSeconds"/>.
    /// </summary>
    public async ValueTask<AdmissionTicket?> TryAdmitAsync(CancellationToken cancellationToken)
    {
        if (_limiter is null)
        {
            return new AdmissionTicket(Unlimited.Lease, this);
        }
        var lease = _limiter.AttemptAcquire();
        if (!lease.IsAcquired && _options.QueueLimit > 0 && _options.QueueTimeout > TimeSpan.Zero)
        {
            lease.Dispose();
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(_options.QueueTimeout);
            try
            {
                lease = await _limiter.AcquireAsync(1, wait.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Waited long enough: refused below, with a hint.
                lease = Refusal.Lease;
            }
        }
        if (lease.IsAcquired)
        {
            return new AdmissionTicket(lease, this);
        }
        lease.Dispose();
        lock (_gate)
        {
            Roll();
            _refused++;
        }
        return null;
    }

    /// <summary>A refused kiosk's hint: uniform over the time the node needs for the crowd it is refusing.</summary>
    public int RetryAfterSeconds()
    {
        int window;
        lock (_gate)
        {
            Roll();
            window = RetryHint.Window(Math.Max(_refusedLastSecond, _refused), _completedLastSecond, _options.MaxConcurrentHandshakes, _options.MaxRetryAfterSeconds);
        }
        return RetryHint.Pick(window, Random.Shared.NextDouble());
    }

    internal void Released(bool completed)
    {
        if (!completed)
        {
            return;
        }
        lock (_gate)
        {
            Roll();
            _completed++;
        }
    }

    private void Roll()
    {
        var elapsed = _time.GetElapsedTime(_secondStarted);
        if (elapsed < TimeSpan.FromSeconds(1))
        {
            return;
        }
        var wholeSecondAgo = elapsed < TimeSpan.FromSeconds(2);
        if (_refused > 0)
        {
            _logger.LogInformation("Kiosk admission: {Refused} handshakes refused and {Completed} completed in the last second; {InHandshake} in progress",
                _refused, _completed, InHandshake);
        }
        _refusedLastSecond = wholeSecondAgo ? _refused : 0;
        _completedLastSecond = wholeSecondAgo ? _completed : 0;
        _refused = 0;
        _completed = 0;
        _secondStarted = _time.GetTimestamp();
    }

    public void Dispose() => _limiter?.Dispose();

    /// <summary>A wait at the door that timed out.</summary>
    private sealed class Refusal : RateLimitLease
    {
        public static readonly Refusal Lease = new();
        public override bool IsAcquired => false;
        public override IEnumerable<string> MetadataNames => [];
        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }

    /// <summary>Admission off: every handshake gets a lease that holds nothing.</summary>
    private sealed class Unlimited : RateLimitLease
    {
        public static readonly Unlimited Lease = new();
        public override bool IsAcquired => true;
        public override IEnumerable<string> MetadataNames => [];
        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
