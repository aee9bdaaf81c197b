using Microsoft.Data.Sqlite;
using SignageKiosk.Simulator.Controller;
using SignageKiosk.Tests.Support;
using Xunit.Abstractions;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// The controller, as its own process, SIGKILLed at random moments while staff publish 200 changes. Every change the
/// API answered "published" is on every kiosk once the controller is back; nothing is applied twice or out of order.
/// </summary>
[RunsFor(22)]
public sealed class ControllerKillTests(ITestOutputHelper output)
{
    private const int Publishes = 200;
    private const int Kills = 6;

    [Fact]
    public async Task Killed_during_200_publishes_every_answered_publish_reaches_every_kiosk_exactly_once_in_order()
    {
        var random = new Random(Environment.GetEnvironmentVariable("FAULT_SEED") is { } s ? int.Parse(s) : 20261122);
        await using var controller = await ControllerProcess.StartAsync(Repo.TempDirectory("controller-kills"));
        var admin = await ControllerHost.SignInAsync(new HttpClient { BaseAddress = new Uri(controller.Url), Timeout = TimeSpan.FromSeconds(30) }, "admin", ControllerProcess.AdminPassword);
        var world = await TestWorld.CreateAsync(admin);
        await using var kioskA = await KioskProcess.StartAsync("controller-kills-a", controller.Url, world.Credentials["kiosk-a"]);
        await using var kioskA1 = await KioskProcess.StartAsync("controller-kills-a1", controller.Url, world.Credentials["kiosk-a1"]);
        var (publishes, kills) = PublishesUnderKills.FromEnvironment(Publishes, Kills);
        var run = new PublishesUnderKills
        {
            Admin = admin,
            Kiosks = [kioskA, kioskA1],
            Random = random,
            Publishes = publishes,
            Kills = kills,
            PauseWhileDown = true,
            KillAsync = _ => controller.KillAsync(),
            RecoverAsync = _ => controller.StartAsync(),
            ChangesAfterAsync = baseline => ChangesAfterAsync(controller, baseline),
        };
        var outcome = await run.RunAsync();
        output.WriteLine($"{publishes} publishes, {outcome.Kills} SIGKILLs of the controller: {outcome.Answered} answered 'published', {outcome.Unanswered} not answered " +
            $"({string.Join("; ", outcome.Refusals)}); {outcome.Logged} changes in the log; both kiosks equal to the controller");
        Assert.True(outcome.Unanswered > 0, "at least one kill must land inside a request");
    }

    private static async Task<long> ChangesAfterAsync(ControllerProcess controller, long baseline)
    {
        await using var db = new SqliteConnection($"Data Source={Path.Combine(controller.DataDirectory, "controller.db")};Mode=ReadOnly;Pooling=False");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = "SELECT count(*) FROM changes WHERE seq > @b AND target_place_id = 'compound-a';";
        command.Parameters.AddWithValue("@b", baseline);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
