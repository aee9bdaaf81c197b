using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace SignageKiosk.Controller.Pairing;

/// <summary>
/// Per-address budgets for the two anonymous pairing endpoints. Kept here rather than in the app-wide
/// rate limiter so that its refusal says what was limited and when to come back.
/// </summary>
public sealed class PairingRateLimiter : IDisposable
{
    public enum Budget
    {
        Request,
        Poll,
    }

    private readonly PartitionedRateLimiter<string> _requests;
    private readonly PartitionedRateLimiter<string> _polls;

    public PairingRateLimiter(IOptions<PairingOptions> options)
    {
        _requests = PerAddress(options.Value.RequestsPerMinute);
        _polls = PerAddress(options.Value.PollsPerMinute);
    }

    /// <summary>False when the address has used its budget; <paramref name="retryAfter"/> says for how long.</summary>
    public bool TryAcquire(Budget budget, HttpContext http, out TimeSpan retryAfter)
    {
        var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        using var lease = (budget == Budget.Request ? _requests : _polls).AttemptAcquire(address);
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
        return lease.IsAcquired;
    }

    private static PartitionedRateLimiter<string> PerAddress(int permits) =>
        PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, permits),
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    public void Dispose()
    {
        _requests.Dispose();
        _polls.Dispose();
    }
}
