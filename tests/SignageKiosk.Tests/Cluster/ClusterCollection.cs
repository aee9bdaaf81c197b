namespace SignageKiosk.Tests.Cluster;

/// <summary>
/// The multi-node tests (three controller nodes, a throwaway PostgreSQL, HAProxy each) run one at a time: two of them
/// at once would be six nodes on two cores. Every other test class is its own collection, two tests at a time
/// (xunit.runner.json), the longest classes first (<see cref="LongestFirst"/>).
/// </summary>
[CollectionDefinition(Name)]
[RunsFor(240)]
public sealed class ClusterCollection
{
    public const string Name = "cluster";
}
