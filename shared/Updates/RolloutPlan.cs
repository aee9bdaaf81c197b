namespace SignageKiosk.Shared.Updates;

public enum RolloutState
{
    /// <summary>Offering the build, stage by stage.</summary>
    Active,
    /// <summary>Staff paused it: nothing new is offered; kiosks already on their way finish.</summary>
    Paused,
    /// <summary>Stopped by itself: as many kiosks as its limit rolled the build back or refused it.</summary>
    Stopped,
    /// <summary>Every kiosk of every stage runs the build and reported healthy.</summary>
    Completed,
}

/// <summary>
/// The rollout rules, pure (docs/decisions/0051). A rollout is an ordered list of stages, each a place, station or "*"
/// (everything); a kiosk belongs to the first stage that contains it. A stage's kiosks are offered the build only when
/// every kiosk of the stages before it is healthy, and at most <c>maxAtOnce</c> kiosks are on their way (offered,
/// downloading, installed) at any time. As many failures (rollbacks, refusals) as the limit stop the rollout.
/// </summary>
public static class RolloutPlan
{
    /// <summary>A stage that takes every kiosk not in an earlier one.</summary>
    public const string Everything = "*";
    public const int MaxStages = 10;
    public const int MaxAtOnceLimit = 1000;
    public const int MaxFailureLimit = 100;
    /// <summary>The longest wait between stages: a week.</summary>
    public const int MaxStageWaitMinutes = 7 * 24 * 60;

    /// <summary>
    /// One kiosk in a rollout: the stage it belongs to, how far it got (null: not offered yet) and when it last moved.
    /// </summary>
    public sealed record Member(string KioskId, int Stage, UpdateStep? Step, DateTimeOffset? UpdatedAt = null);

    /// <summary>The stage of a kiosk at <paramref name="stationId"/> whose place chain is <paramref name="chain"/>, or null when no stage takes it.</summary>
    public static int? StageOf(IReadOnlyList<string> stages, string kioskId, string stationId, IReadOnlyList<string> chain)
    {
        for (var i = 0; i < stages.Count; i++)
        {
            var stage = stages[i];
            if (stage == Everything || stage == kioskId || stage == stationId || chain.Contains(stage, StringComparer.Ordinal))
            {
                return i;
            }
        }
        return null;
    }

    public static bool InFlight(UpdateStep? step) => step is UpdateStep.Offered or UpdateStep.Downloading or UpdateStep.Installed;
    public static bool Failed(UpdateStep? step) => step is UpdateStep.RolledBack or UpdateStep.Refused;

    /// <summary>
    /// The stage being rolled out: the first with a kiosk not yet healthy (a failed kiosk holds its stage: the rollout
    /// has stopped, or staff look at it before the next place gets the build). Null when all are healthy.
    /// </summary>
    public static int? CurrentStage(IReadOnlyList<Member> members) =>
        members.Where(m => m.Step != UpdateStep.Healthy).Select(m => (int?)m.Stage).Min();

    /// <summary>
    /// When the stage being rolled out may begin: <paramref name="stageWait"/> after the last kiosk of the stages before it
    /// reported healthy (a test station watched for a day before the community gets the build). Null when nothing holds it.
    /// </summary>
    public static DateTimeOffset? StageOpensAt(IReadOnlyList<Member> members, TimeSpan stageWait)
    {
        if (stageWait <= TimeSpan.Zero || CurrentStage(members) is not { } stage)
        {
            return null;
        }
        var lastHealthy = members.Where(m => m.Stage < stage).Select(m => m.UpdatedAt).Max();
        return lastHealthy + stageWait;
    }

    /// <summary>Whether <paramref name="kioskId"/> should be offered the build now.</summary>
    public static bool ShouldOffer(RolloutState state, int maxAtOnce, IReadOnlyList<Member> members, string kioskId, TimeSpan stageWait = default, DateTimeOffset now = default)
    {
        if (state != RolloutState.Active || members.FirstOrDefault(m => m.KioskId == kioskId) is not { } member)
        {
            return false;
        }
        if (InFlight(member.Step))
        {
            // Offered before and not heard of since (it went offline mid-way, or missed the push): offer again.
            return true;
        }
        if (member.Step is not null || member.Stage != CurrentStage(members) || StageOpensAt(members, stageWait) > now)
        {
            return false;
        }
        return members.Count(m => InFlight(m.Step)) < maxAtOnce;
    }

    /// <summary>Where a rollout goes after a kiosk's report: stopped at the failure limit, completed when all are healthy.</summary>
    public static RolloutState After(RolloutState state, int failureLimit, IReadOnlyList<Member> members)
    {
        if (state is RolloutState.Stopped or RolloutState.Completed)
        {
            return state;
        }
        if (members.Count(m => Failed(m.Step)) >= failureLimit)
        {
            return RolloutState.Stopped;
        }
        return members.Count > 0 && members.All(m => m.Step == UpdateStep.Healthy) ? RolloutState.Completed : state;
    }

    /// <summary>Whether a kiosk's report may move it from <paramref name="from"/> to <paramref name="to"/>: forward only, never out of healthy or a failure.</summary>
    public static bool Moves(UpdateStep? from, UpdateStep to) =>
        from is not (UpdateStep.Healthy or UpdateStep.RolledBack or UpdateStep.Refused)
        && to != UpdateStep.Offered
        // A rollback or refusal may come at any point; the forward steps in order, a missed one is fine.
        && (Failed(to) || to > (from ?? UpdateStep.Offered));

    /// <summary>What is wrong with a rollout's settings, or null.</summary>
    public static string? Problem(IReadOnlyList<string>? stages, int maxAtOnce, int failureLimit, int stageWaitMinutes = 0)
    {
        if (stageWaitMinutes is < 0 or > MaxStageWaitMinutes)
        {
            return $"stageWaitMinutes must be between 0 and {MaxStageWaitMinutes} (a week)";
        }
        if (stages is null || stages.Count == 0 || stages.Count > MaxStages)
        {
            return $"give 1 to {MaxStages} stages, each a place, station or kiosk id, or \"*\" for everything";
        }
        if (stages.Any(string.IsNullOrWhiteSpace))
        {
            return "a stage must not be empty";
        }
        if (stages.Distinct(StringComparer.Ordinal).Count() != stages.Count)
        {
            return "each stage must be a different place";
        }
        var everything = stages.ToList().IndexOf(Everything);
        if (everything >= 0 && everything != stages.Count - 1)
        {
            return "\"*\" (everything) can only be the last stage";
        }
        if (maxAtOnce is < 1 or > MaxAtOnceLimit)
        {
            return $"maxAtOnce must be between 1 and {MaxAtOnceLimit}";
        }
        return failureLimit is < 1 or > MaxFailureLimit ? $"failureLimit must be between 1 and {MaxFailureLimit}" : null;
    }
}
