using SignageKiosk.Controller.Settings;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// A bad setting stops the real controller process at start: exit code EX_CONFIG, one line naming the setting in zh-CN and
/// English on stderr, and the store never touched (docs/decisions/0050).
/// </summary>
public sealed class ControllerSettingsTests
{
    [Theory]
    [InlineData("Admission:QueueLimit=-1", "设置 Admission:QueueLimit 须为 0 或更大 (Admission:QueueLimit must be 0 or more)")]
    [InlineData("Fleet:MissedHeartbeats=0", "设置 Fleet:MissedHeartbeats 须至少为 1 (Fleet:MissedHeartbeats must be at least 1)")]
    [InlineData("Storage:Provider=PostgreSql", "Storage:ConnectionString is required when Storage:Provider is PostgreSql")]
    [InlineData("Reports:TimeLimits:fire=1.00:00:00", "Reports:TimeLimits:fire is not a report category")]
    [InlineData("Sync:AckFlushInterval=soon", "'soon' at 'Sync:AckFlushInterval'")]
    [InlineData("Backup:Schedule=hourly", "Backup:Schedule 'hourly'")]
    [InlineData("Metrics:AllowedNetworks:0=monitoring-host", "Metrics:AllowedNetworks has 'monitoring-host'")]
    [InlineData("Updates:PublicKeyPath=/nonexistent/update-key.pem", "Updates:PublicKeyPath names a file that does not exist: /nonexistent/update-key.pem")]
    public void A_bad_setting_stops_the_controller_at_start_with_one_line_naming_it(string setting, string message)
    {
        var data = Repo.TempDirectory("bad-setting");
        var port = Repo.FreePort();
        var run = ToolRun.Run("dotnet", [Repo.ControllerDll, "--urls=http://127.0.0.1:" + port, "--Storage:DataDirectory=" + data,
            "--Demo:ImportOnFirstStart=false", "--Auth:BootstrapAdminPassword=" + ControllerHost.AdminPassword, "--" + setting],
            Path.Combine(Repo.Root, "controller"), TimeSpan.FromMinutes(1));

        Assert.True(run.ExitCode == SettingsRegistration.ExitCode, $"exit code {run.ExitCode} with {setting}:\n{run.Output}");
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("控制器未启动：设置有误", line);
        Assert.Contains(message, line);
        // Refused before the store was opened: no database, no administrator created.
        Assert.Empty(Directory.EnumerateFileSystemEntries(data));
    }

    [Fact]
    public void Good_settings_have_no_problem()
    {
        Assert.Null(new Controller.Admission.AdmissionOptions().Problem());
        Assert.Null(new Controller.Fleet.FleetOptions().Problem());
        Assert.Null(new Controller.Storage.StorageOptions().Problem());
        Assert.Null(new Controller.Sync.SyncOptions().Problem());
        Assert.Null(new Controller.Auth.AuthOptions().Problem());
        Assert.Null(new Controller.Pairing.PairingOptions().Problem());
        Assert.Null(new Controller.Media.PhotoOptions().Problem());
        Assert.Null(new Controller.Wishes.WishOptions().Problem());
        Assert.Null(new Controller.Cluster.ClusterOptions().Problem());
        Assert.Null(new Controller.Reports.ReportQueueOptions { TimeLimits = { ["safetyHazard"] = TimeSpan.FromHours(12) } }.Problem());
        Assert.Null(new Shared.Reports.ReportLimits().Problem());
    }
}
