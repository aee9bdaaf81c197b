namespace SignageKiosk.Bench;

/// <summary>The line every section of docs/benchmarks.md carries: which machine, which runtime, when.</summary>
public static class BenchMachine
{
    public static string Describe()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "?"
            : "?";
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "?"
            : "?";
        return FormattableString.Invariant(
            $"Machine: {Environment.ProcessorCount} cores ({cpu}), {memory} memory, {Environment.OSVersion}, .NET {Environment.Version}. Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.");
    }
}
