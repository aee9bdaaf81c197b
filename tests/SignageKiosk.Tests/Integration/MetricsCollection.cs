namespace SignageKiosk.Tests.Integration;

/// <summary>
/// Tests that read the controller's metrics run alone, after the parallel lanes: OpenTelemetry listens to meters by
/// name across the whole process, so an in-process controller of a test running beside them would add its kiosks and
/// publishes to the figures they assert (one controller per process in production: no such mixing there).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "metrics";
}
