using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Xunit;

using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// Staff publish through the API in four lanes while something is SIGKILLed at random moments (the controller, or a
/// node behind the load balancer); afterwards every publish answered "published" must be on every kiosk exactly once
/// and in order. Shared by the fault tests in CI (a few kills) and the kill loop outside it (FAULT_KILLS=200).
/// </summary>
public sealed class PublishesUnderKills
{
    public required HttpClient Admin { get; init; }
    public required IReadOnlyList<KioskProcess> Kiosks { get; init; }
    public required Random Random { get; init; }
    public int Publishes { get; init; } = 200;
    public int Kills { get; init; } = 6;
    /// <summary>Kills something (kill number given).</summary>
    public required Func<int, Task> KillAsync { get; init; }
    /// <summary>Brings it back; publishes keep flowing meanwhile unless <see cref="PauseWhileDown"/>.</summary>
    public required Func<int, Task> RecoverAsync { get; init; }
    /// <summary>One controller: nothing answers while it is down, so the lanes wait instead of counting refusals.</summary>
    public bool PauseWhileDown { get; init; }
    /// <summary>How many changes the controller's log holds for the kiosks' compound after the given sequence.</summary>
    public required Func<long, Task<long>> ChangesAfterAsync { get; init; }

    /// <summary>Publishes and kills from the environment when set (the kill loop), else the given defaults.</summary>
    public static (int Publishes, int Kills) FromEnvironment(int publishes, int kills)
    {
        static int? Read(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } text ? int.Parse(text) : null;
        var k = Read("FAULT_KILLS") ?? kills;
        // Ten publishes between kills at least, so a kill finds requests in flight rather than only restarts.
        return (Read("FAULT_PUBLISHES") ?? Math.Max(publishes, k * 10), k);
    }

    public sealed record Outcome(int Answered, int Unanswered, int Kills, long Logged, IReadOnlyList<string> Refusals);

    public async Task<Outcome> RunAsync()
    {
        var baseline = await Admin.HeadAsync();
        var applied = new Dictionary<KioskProcess, long>();
        foreach (var kiosk in Kiosks)
        {
            applied[kiosk] = (await kiosk.WaitForSeqAsync(baseline))["changesApplied"]!.GetValue<long>();
        }

        // Four lanes publish at once, so a kill finds requests in flight: one lane edits a single notice in order
        // (an edit applied out of order would leave an old title), three create notices.
        var answered = new ConcurrentBag<string>();
        var unanswered = new ConcurrentBag<string>();
        var lastCounter = "第0版";
        var attempts = 0;
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        up.SetResult();
        Assert.True((await Admin.PostAsJsonAsync("/api/notices", TestWorld.Notice("counter", "第0版", TestWorld.CompoundA))).IsSuccessStatusCode);
        // While something is down and being brought back, publishes flow on up to this many attempts, then wait: a
        // recovery slower than the publishes must not leave the later kills with nothing in flight.
        var allowed = int.MaxValue;
        async Task<bool> PublishAsync(HttpMethod method, string path, object body, string label)
        {
            await Volatile.Read(ref up).Task;
            while (Volatile.Read(ref attempts) >= Volatile.Read(ref allowed))
            {
                await Task.Delay(5);
            }
            Interlocked.Increment(ref attempts);
            try
            {
                using var response = await Admin.SendAsync(new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) });
                if (response.IsSuccessStatusCode)
                {
                    answered.Add(label);
                    return true;
                }
                unanswered.Add($"{label}: {(int)response.StatusCode}");
                return false;
            }
            catch (HttpRequestException e)
            {
                // No answer: it may or may not have been committed. Not retried (a retry could duplicate it).
                unanswered.Add($"{label}: {e.HttpRequestError}");
                return false;
            }
        }
        var lanes = new List<Task>
        {
            Task.Run(async () =>
            {
                var delays = new Random(Random.Next());
                for (var v = 1; v <= Publishes / 2; v++)
                {
                    if (await PublishAsync(HttpMethod.Put, "/api/notices/counter", TestWorld.Notice("counter", $"第{v}版", TestWorld.CompoundA), $"counter v{v}"))
                    {
                        lastCounter = $"第{v}版";
                    }
                    await Task.Delay(delays.Next(5, 25));
                }
            }),
        };
        for (var lane = 0; lane < 3; lane++)
        {
            var first = lane;
            var delays = new Random(Random.Next());
            lanes.Add(Task.Run(async () =>
            {
                for (var i = first; i < Publishes / 2; i += 3)
                {
                    await PublishAsync(HttpMethod.Post, "/api/notices", TestWorld.Notice($"n-{i}", $"第{i}条", TestWorld.CompoundA), $"n-{i}");
                    await Task.Delay(delays.Next(5, 25));
                }
            }));
        }
        var kills = 0;
        var publishing = Task.WhenAll(lanes);
        var spacing = Math.Max(3, Publishes / (Kills + 1));
        var next = spacing + Random.Next(-spacing / 3, spacing / 3 + 1);
        while (kills < Kills)
        {
            while (Volatile.Read(ref attempts) < next && !publishing.IsCompleted)
            {
                await Task.Delay(1);
            }
            if (publishing.IsCompleted)
            {
                break;
            }
            Volatile.Write(ref allowed, Volatile.Read(ref attempts) + spacing / 2);
            kills++;
            await KillAsync(kills);
            // Closed only after the kill: requests sent between the kill and here meet a dead controller too.
            var down = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (PauseWhileDown)
            {
                Volatile.Write(ref up, down);
            }
            await RecoverAsync(kills);
            // The next kill lands among publishes made after this recovery, never on a quiet pause.
            next = Math.Max(Volatile.Read(ref attempts), kills * spacing) + Random.Next(spacing / 4, spacing / 2 + 1);
            Volatile.Write(ref allowed, int.MaxValue);
            down.SetResult();
        }
        await publishing;
        Assert.True(kills == Kills, $"only {kills} of {Kills} kills landed before the {Publishes} publishes ran out");

        var head = await Admin.HeadAsync();
        var expected = await NoticesAsync(Admin);
        foreach (var id in answered.Where(a => a.StartsWith("n-", StringComparison.Ordinal)))
        {
            Assert.True(expected.ContainsKey(id), $"{id} was answered 'published' but is not on the controller after the kills");
        }
        // The last answered edit, or a later one whose answer the kill swallowed (committed, never confirmed).
        static int Version(string title) => int.Parse(title.TrimStart('第').TrimEnd('版'));
        var final = Version(expected["counter"]);
        Assert.True(final >= Version(lastCounter), $"the notice went back from {lastCounter} to {expected["counter"]}");
        Assert.True(final == Version(lastCounter) || unanswered.Any(u => u.StartsWith($"counter v{final}:", StringComparison.Ordinal)),
            $"the notice is at {expected["counter"]}, which nobody published");
        var logged = await ChangesAfterAsync(baseline);
        foreach (var kiosk in Kiosks)
        {
            var health = await kiosk.WaitForSeqAsync(head, "the kiosk to catch up after the kills");
            // Exactly once: the kiosk applied as many changes as the controller logged for it, no more.
            Assert.Equal(logged, health["changesApplied"]!.GetValue<long>() - applied[kiosk]);
            await kiosk.KillAsync();
            Assert.Equal(expected.OrderBy(p => p.Key), (await kiosk.CachedNoticeTitlesAsync()).OrderBy(p => p.Key));
        }
        return new Outcome(answered.Count, unanswered.Count, kills, logged, unanswered.Take(8).ToList());
    }

    /// <summary>Every notice on the controller, page by page.</summary>
    public static async Task<Dictionary<string, string>> NoticesAsync(HttpClient admin)
    {
        var result = new Dictionary<string, string>();
        string? cursor = null;
        do
        {
            var page = JsonNode.Parse(await admin.GetStringAsync("/api/notices?limit=200" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))))!;
            foreach (var notice in page["items"]!.AsArray())
            {
                result[notice!["id"]!.GetValue<string>()] = notice["title"]!.GetValue<string>();
            }
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        return result;
    }
}
