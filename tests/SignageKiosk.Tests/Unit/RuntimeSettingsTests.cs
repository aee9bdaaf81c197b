using System.Text.Json.Nodes;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Unit;

/// <summary>
/// The GC modes the two apps are documented to run with are the ones their builds carry. The controller's project named
/// a property that does not exist (ServerGarbageCollector) for two weeks, and Server GC ran while its comment and
/// docs/benchmarks.md said workstation.
/// </summary>
public sealed class RuntimeSettingsTests
{
    private static JsonNode Settings(string dll) =>
        JsonNode.Parse(File.ReadAllText(Path.ChangeExtension(dll, ".runtimeconfig.json")))!["runtimeOptions"]!["configProperties"]!;

    [Fact]
    public void The_controller_runs_workstation_GC()
    {
        Assert.False(Settings(Repo.ControllerDll)["System.GC.Server"]?.GetValue<bool>() ?? false, "the controller's runtimeconfig asks for Server GC");
    }

    [Fact]
    public void The_kiosk_host_runs_the_small_box_GC_of_decision_0052()
    {
        var settings = Settings(Repo.KioskDll);
        Assert.False(settings["System.GC.Server"]?.GetValue<bool>() ?? false);
        Assert.False(settings["System.GC.Concurrent"]!.GetValue<bool>());
        Assert.Equal(5, settings["System.GC.ConserveMemory"]!.GetValue<int>());
    }
}
