namespace SignageKiosk.Tests.Integration;

/// <summary>
/// Tests that start servers and processes run one at a time within this collection: the machine has two cores.
/// It may overlap with <see cref="WaitingCollection"/> (tests that mostly wait on timers) and the unit tests: xunit's
/// conservative algorithm with maxParallelThreads 2 (xunit.runner.json) starts at most two tests at once.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection
{
    public const string Name = "cluster";
}
