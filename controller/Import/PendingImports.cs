using System.Security.Cryptography;
using SignageKiosk.Shared.Import;

namespace SignageKiosk.Controller.Import;

/// <summary>
/// Previews waiting for confirmation, in memory: a token is good for 30 minutes, once, and only for the user
/// who made the preview. Bounded, so previews that are never confirmed cannot fill the controller; a restart
/// simply forgets them (staff preview again).
/// </summary>
public sealed class PendingImports(TimeProvider time, ILogger<PendingImports> logger)
{
    public sealed record Pending(string Token, string Owner, ImportPlan Plan, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

    private readonly Dictionary<string, Pending> _pending = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public Pending Add(string owner, ImportPlan plan)
    {
        var now = time.GetUtcNow();
        var pending = new Pending(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), owner, plan, now, now + ImportLimits.PendingLifetime);
        lock (_lock)
        {
            foreach (var expired in _pending.Values.Where(p => p.ExpiresAt <= now).ToList())
            {
                _pending.Remove(expired.Token);
            }
            // A user's newest previews are the ones they mean to confirm; the oldest make room.
            Evict(_pending.Values.Where(p => p.Owner == owner), ImportLimits.MaxPendingPerUser - 1);
            Evict(_pending.Values, ImportLimits.MaxPending - 1);
            _pending[pending.Token] = pending;
        }
        return pending;
    }

    /// <summary>Takes the preview for confirmation; null if there is none for this user (another user's token stays theirs).</summary>
    public Pending? Take(string token, string owner)
    {
        lock (_lock)
        {
            if (!_pending.TryGetValue(token, out var pending))
            {
                return null;
            }
            if (pending.ExpiresAt <= time.GetUtcNow())
            {
                _pending.Remove(token);
                return null;
            }
            if (!string.Equals(pending.Owner, owner, StringComparison.Ordinal))
            {
                logger.LogWarning("Import token {TokenPrefix} of {Owner} presented by {Caller}; refused", token[..Math.Min(6, token.Length)], pending.Owner, owner);
                return null;
            }
            _pending.Remove(token);
            return pending;
        }
    }

    private void Evict(IEnumerable<Pending> candidates, int keep)
    {
        var list = candidates.OrderBy(p => p.CreatedAt).ToList();
        foreach (var old in list.Take(Math.Max(0, list.Count - keep)))
        {
            _pending.Remove(old.Token);
            logger.LogInformation("Import preview {TokenPrefix} of {Owner} dropped to make room for newer previews", old.Token[..6], old.Owner);
        }
    }
}
