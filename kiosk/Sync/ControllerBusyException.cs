using System.Net;
using System.Net.WebSockets;
using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Kiosk.Sync;

/// <summary>
/// The controller refused the hub connection for now (503, admitting other kiosks first) and said when to come
/// back (docs/decisions/0039). The connect loops wait at least <see cref="RetryAfter"/> rather than their backoff.
/// </summary>
public sealed class ControllerBusyException(TimeSpan retryAfter, Exception inner)
    : Exception($"the controller is busy admitting other kiosks; retry after {retryAfter.TotalSeconds:F0} s", inner)
{
    public TimeSpan RetryAfter { get; } = retryAfter;

    /// <summary>
    /// Connects a ClientWebSocket, turning a refused upgrade with a retry hint into <see cref="ControllerBusyException"/>
    /// (the status and headers of a refused upgrade are only kept when asked for).
    /// </summary>
    public static async Task ConnectAsync(ClientWebSocket socket, Uri uri, CancellationToken cancellationToken)
    {
        socket.Options.CollectHttpResponseDetails = true;
        try
        {
            await socket.ConnectAsync(uri, cancellationToken);
        }
        catch (WebSocketException e) when (socket.HttpStatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests
            && HintIn(socket.HttpResponseHeaders) is { } hint)
        {
            throw new ControllerBusyException(hint, e);
        }
        finally
        {
            // Kept only for a refusal: an open connection has no use for its upgrade response's headers.
            socket.HttpResponseHeaders = null;
        }
    }

    /// <summary>The hint carried by an exception or any exception inside it, or null.</summary>
    public static TimeSpan? HintOf(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is ControllerBusyException busy)
            {
                return busy.RetryAfter;
            }
            if (e is AggregateException aggregate)
            {
                return aggregate.InnerExceptions.Select(HintOf).FirstOrDefault(h => h is not null);
            }
        }
        return null;
    }

    private static TimeSpan? HintIn(IReadOnlyDictionary<string, IEnumerable<string>>? headers) =>
        headers is not null && headers.FirstOrDefault(h => string.Equals(h.Key, "Retry-After", StringComparison.OrdinalIgnoreCase)) is { Value: { } values }
            ? RetryHint.Parse(values.FirstOrDefault(), DateTimeOffset.UtcNow)
            : null;
}
