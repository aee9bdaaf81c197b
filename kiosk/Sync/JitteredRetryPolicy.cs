using Microsoft.AspNetCore.SignalR.Client;
using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Kiosk.Sync;

/// <summary>
/// Reconnects forever, with full-jitter exponential backoff (see <see cref="Backoff"/>); when the controller refused
/// the last attempt with a retry hint, waits the hint plus jitter instead (docs/decisions/0039).
/// </summary>
public sealed class JitteredRetryPolicy(TimeSpan initial, TimeSpan max) : IRetryPolicy
{
    public TimeSpan? NextRetryDelay(RetryContext retryContext) =>
        NextDelay((int)Math.Min(retryContext.PreviousRetryCount, 30), retryContext.RetryReason, initial, max, Random.Shared.NextDouble());

    /// <summary>The connect loops' one rule: the controller's hint if the last attempt carried one, else the backoff.</summary>
    public static TimeSpan NextDelay(int attempt, Exception? lastError, TimeSpan initial, TimeSpan max, double random) =>
        ControllerBusyException.HintOf(lastError) is { } hint
            ? RetryHint.Delay(hint, RetryHint.MaxHonoured, random)
            : Backoff.Delay(attempt, initial, max, random);
}
