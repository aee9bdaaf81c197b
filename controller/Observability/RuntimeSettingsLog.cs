namespace SignageKiosk.Controller.Observability;

/// <summary>
/// One line at start with the garbage collector's settings as the runtime applied them. Some of them come only from the
/// process's environment (runtime.env beside the app, decision 0057), which a hand-made unit or start script can leave
/// out without anything failing, so an operator looking at a slow node can tell from its log.
/// </summary>
public static partial class RuntimeSettingsLog
{
    public static void Write(ILogger logger)
    {
        var gc = GC.GetConfigurationVariables();
        Log(logger, Read(gc, "ServerGC"), Read(gc, "ConcurrentGC"), Read(gc, "GCGen0MaxBudget"), Read(gc, "GCConserveMem"));
    }

    private static string Read(IReadOnlyDictionary<string, object> gc, string name) => gc.TryGetValue(name, out var value) ? $"{value}" : "?";

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Runtime: server GC {ServerGc}, concurrent GC {ConcurrentGc}, gen0 budget up to {Gen0MaxBudget} bytes, conserve memory {ConserveMemory}")]
    private static partial void Log(ILogger logger, string serverGc, string concurrentGc, string gen0MaxBudget, string conserveMemory);
}
