using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: Xunit.TestCollectionOrderer("SignageKiosk.Tests.LongestFirst", "SignageKiosk.Tests")]

namespace SignageKiosk.Tests;

/// <summary>
/// Roughly how long a test class (or a collection definition) takes on a quiet machine, for <see cref="LongestFirst"/>.
/// Only an order: nothing asserts on it.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RunsForAttribute(int seconds) : Attribute
{
    public int Seconds { get; } = seconds;
}

/// <summary>
/// Starts the longest test collections first. Two tests run at once (xunit.runner.json) and a collection's tests run one
/// after another, so a long collection that starts late ends the run alone on one core (a shared collection of 60
/// classes once ran alone for the last ~1,200 s of a run: docs/decisions/0054). Long ones first, then the rest in
/// xunit's own order.
/// </summary>
public sealed class LongestFirst : ITestCollectionOrderer
{
    private const string PerClassPrefix = "Test collection for ";

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.Select((collection, index) => (collection, index))
            .OrderByDescending(c => SecondsOf(c.collection))
            .ThenBy(c => c.index)
            .Select(c => c.collection)
            .ToList();

    private static int SecondsOf(ITestCollection collection)
    {
        var name = collection.CollectionDefinition?.Name
            ?? (collection.DisplayName.StartsWith(PerClassPrefix, StringComparison.Ordinal) ? collection.DisplayName[PerClassPrefix.Length..] : null);
        var type = name is null ? null : typeof(LongestFirst).Assembly.GetType(name);
        return type?.GetCustomAttribute<RunsForAttribute>()?.Seconds ?? 0;
    }
}
