using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using SignageKiosk.Shared.Reports;

namespace SignageKiosk.Controller.Reports;

/// <summary>
/// The phone status page's budget per network address (Reports:Limits:LookUpsPerClientAddressPerHour). References are
/// sequential, so without it anyone could walk a day's reports (their states and public replies, and rate them).
/// Kept here, like the pairing budget, so the refusal is the page's own Chinese sentence.
/// </summary>
public sealed class ReportLookupThrottle(IOptions<ReportLimits> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _lookUps = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, options.Value.LookUpsPerClientAddressPerHour),
            Window = TimeSpan.FromHours(1),
            QueueLimit = 0,
        }));

    public bool TryAcquire(HttpContext http)
    {
        using var lease = _lookUps.AttemptAcquire(Auth.SignInThrottle.AddressKey(http.Connection.RemoteIpAddress));
        return lease.IsAcquired;
    }

    public void Dispose() => _lookUps.Dispose();
}
