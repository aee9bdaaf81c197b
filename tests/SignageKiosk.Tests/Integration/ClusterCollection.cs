namespace SignageKiosk.Tests.Integration;

/// <summary>Tests that start servers and processes run one at a time: the machine has two cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection
{
    public const string Name = "cluster";
}
