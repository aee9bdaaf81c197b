namespace SignageKiosk.Controller.Observability;

/// <summary>
/// One line at start with the runtime settings that decide how the node spends its memory and CPU under a large fleet,
/// as the runtime applied them. Some come only from the process's environment (runtime.env beside the app, decision
/// 0057), which a hand-made unit or start script can leave out without anything failing, so an operator looking at a
/// slow node can tell from its log.
/// </summary>
public static partial class RuntimeSettingsLog
{
    /// <summary>How many arrays of each size the shared ArrayPool keeps per core: the runtime reads it from the environment alone, 32 if unset.</summary>
    private const string ArrayPoolVariable = "DOTNET_SYSTEM_BUFFERS_SHAREDARRAYPOOL_MAXARRAYSPERPARTITION";

    public static void Write(ILogger logger)
    {
        var gc = GC.GetConfigurationVariables();
        var arrays = int.TryParse(Environment.GetEnvironmentVariable(ArrayPoolVariable), out var perPartition) && perPartition > 0 ? perPartition : 32;
        Log(logger, Read(gc, "ServerGC"), Read(gc, "ConcurrentGC"), Read(gc, "GCGen0MaxBudget"), Read(gc, "GCConserveMem"), arrays);
    }

    private static string Read(IReadOnlyDictionary<string, object> gc, string name) => gc.TryGetValue(name, out var value) ? $"{value}" : "?";

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Runtime: server GC {ServerGc}, concurrent GC {ConcurrentGc}, gen0 budget up to {Gen0MaxBudget} bytes, conserve memory {ConserveMemory}, array pool {ArraysPerPartition} arrays per size and core")]
    private static partial void Log(ILogger logger, string serverGc, string concurrentGc, string gen0MaxBudget, string conserveMemory, int arraysPerPartition);
}
