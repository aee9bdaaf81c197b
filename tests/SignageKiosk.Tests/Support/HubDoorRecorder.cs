using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace SignageKiosk.Tests.Support;

/// <summary>
/// Outermost middleware of a test controller: notes every request to the kiosk hub (who, when it arrived, when it was
/// answered, the status and any Retry-After), so a test can check what kiosks did after being refused.
/// </summary>
public sealed class HubDoorRecorder : IStartupFilter
{
    public sealed class Attempt(string credential, long arrivedAt)
    {
        public string Credential { get; } = credential;
        public long ArrivedAt { get; } = arrivedAt;
        public long AnsweredAt { get; set; }
        public int Status { get; set; }
        public int? RetryAfterSeconds { get; set; }
    }

    private readonly ConcurrentQueue<Attempt> _attempts = new();

    public IReadOnlyList<Attempt> Attempts => [.. _attempts];

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            if (!context.Request.Path.StartsWithSegments("/hubs/kiosk"))
            {
                await nextMiddleware(context);
                return;
            }
            var attempt = new Attempt(context.Request.Headers.Authorization.ToString(), Stopwatch.GetTimestamp());
            _attempts.Enqueue(attempt);
            context.Response.OnStarting(() =>
            {
                attempt.Status = context.Response.StatusCode;
                attempt.RetryAfterSeconds = int.TryParse(context.Response.Headers.RetryAfter.ToString(), out var seconds) ? seconds : null;
                attempt.AnsweredAt = Stopwatch.GetTimestamp();
                return Task.CompletedTask;
            });
            await nextMiddleware(context);
        });
        next(app);
    };

    /// <summary>
    /// Every refused attempt of one credential followed by another attempt: (the hint, the time from the refusal's answer
    /// to the next attempt's arrival).
    /// </summary>
    public List<(TimeSpan Hint, TimeSpan Waited)> WaitsAfterRefusals()
    {
        var waits = new List<(TimeSpan, TimeSpan)>();
        foreach (var kiosk in Attempts.GroupBy(a => a.Credential))
        {
            var ordered = kiosk.OrderBy(a => a.ArrivedAt).ToList();
            for (var i = 0; i + 1 < ordered.Count; i++)
            {
                if (ordered[i] is { Status: StatusCodes.Status503ServiceUnavailable, RetryAfterSeconds: { } hint } refused)
                {
                    waits.Add((TimeSpan.FromSeconds(hint), Stopwatch.GetElapsedTime(refused.AnsweredAt, ordered[i + 1].ArrivedAt)));
                }
            }
        }
        return waits;
    }
}
