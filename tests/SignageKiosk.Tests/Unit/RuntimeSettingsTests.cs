using System.Text.Json.Nodes;
using SignageKiosk.Simulator.Controller;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Unit;

/// <summary>
/// The GC modes the two apps are documented to run with are the ones their builds carry. The controller's project named
/// a property that does not exist (ServerGarbageCollector) for two weeks, and Server GC ran while its comment and
/// docs/benchmarks.md said workstation. The kiosk's project set System.GC.Gen0Size in runtimeconfig.json for a day, which
/// the runtime does not read (only DOTNET_GCgen0size, from the environment; decision 0057).
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
    public void The_controller_runs_without_the_instrumented_tier()
    {
        // Decision 0058: a restarted node compiles its hot code once, not twice. The runtime reads this knob from runtimeconfig.json.
        Assert.False(Settings(Repo.ControllerDll)["System.Runtime.TieredPGO"]?.GetValue<bool>() ?? true, "the controller's runtimeconfig leaves tiered PGO on");
    }

    [Fact]
    public void The_controller_build_ships_its_gen0_budget_and_array_pool_in_runtime_env_beside_the_dll()
    {
        var environment = EnvironmentFile.Read(Path.Combine(Path.GetDirectoryName(Repo.ControllerDll)!, "runtime.env")).ToList();
        Assert.Contains(("DOTNET_GCgen0size", "0x4000000"), environment);
        Assert.Contains(("DOTNET_SYSTEM_BUFFERS_SHAREDARRAYPOOL_MAXARRAYSPERPARTITION", "8192"), environment);
    }

    [Theory]
    [InlineData("controller")]
    [InlineData("kiosk")]
    public void No_build_sets_a_GC_property_the_runtime_ignores_in_runtimeconfig(string app)
    {
        // GCgen0size has no public configuration name: in runtimeconfig.json it is silently ignored.
        Assert.Null(Settings(app == "kiosk" ? Repo.KioskDll : Repo.ControllerDll)["System.GC.Gen0Size"]);
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
