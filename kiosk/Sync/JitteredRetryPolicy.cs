using Microsoft.AspNetCore.SignalR.Client;
using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Kiosk.Sync;

/// <summary>Reconnects forever, with full-jitter exponential backoff (see <see cref="Backoff"/>).</summary>
public sealed class JitteredRetryPolicy(TimeSpan initial, TimeSpan max) : IRetryPolicy
{
    public TimeSpan? NextRetryDelay(RetryContext retryContext) =>
        Backoff.Delay((int)Math.Min(retryContext.PreviousRetryCount, 30), initial, max, Random.Shared.NextDouble());
}
