namespace SignageKiosk.Tests.Integration;

/// <summary>
/// Server tests whose time is mostly spent waiting on a clock (a kiosk's boundary timer, the controller's 10 s busy
/// timeout, a restart's reconnect backoff, a minute of paced writers, processes killed and started again), and the package build (DebianPackageTests, two publishes that are long but
/// share the CPU with the other lane): one at a time here, beside the <see cref="ClusterCollection"/>, so their
/// waiting overlaps the CPU-bound tests instead of adding to the suite's wall-clock time.
/// </summary>
[CollectionDefinition(Name)]
public sealed class WaitingCollection
{
    public const string Name = "waiting";
}
