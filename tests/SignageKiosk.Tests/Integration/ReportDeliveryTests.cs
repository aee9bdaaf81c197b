using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// A report the controller could not take for a passing reason (its database busy past the wait, say) is not a
/// refusal: the kiosk keeps it and delivers it when the controller can take it. Only the controller's own "no" is final.
/// </summary>
public sealed class ReportDeliveryTests
{
    [Fact]
    public async Task A_controller_error_while_taking_a_report_leaves_it_pending_and_it_is_delivered_once_afterwards()
    {
        // The busy database is made by locking the controller's SQLite file, so this runs on SQLite.
        await using var controller = ControllerHost.Start("reports-busy", store: StoreProvider.Sqlite);
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await using var kiosk = await KioskProcess.StartAsync("reports-busy", controller.Url, world.Credentials[world.KioskLobbyA1],
            new Dictionary<string, string> { ["Reports:SendInterval"] = "00:00:01" });
        await kiosk.WaitForSeqAsync(await admin.HeadAsync());

        // Another writer holds the controller's database longer than its busy wait (10 s): taking the report fails.
        var database = Path.Combine(controller.DataDirectory, "controller.db");
        await using var blocker = new SqliteConnection($"Data Source={database};Pooling=False");
        await blocker.OpenAsync();
        await using (var begin = blocker.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE;";
            await begin.ExecuteNonQueryAsync();
        }

        string key;
        using (var board = await kiosk.BoardClientAsync())
        {
            using var posted = await board.PostAsJsonAsync("/reports", new { category = "noise", buildingId = TestWorld.BuildingA1, phrases = new[] { "noise.night" } });
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
            key = (await posted.Content.ReadFromJsonAsync<JsonObject>())!["key"]!.GetValue<string>();
        }
        // The first attempt waits out the busy timeout and fails on the controller.
        await Eventually.Until(() => Task.FromResult(kiosk.Output), output => output.Contains("report " + key, StringComparison.Ordinal),
            "the kiosk to try the report once", TimeSpan.FromSeconds(40));
        using (var board = await kiosk.BoardClientAsync())
        {
            var state = (await board.GetFromJsonAsync<JsonObject>($"/reports/{key}"))!;
            Assert.Equal("pending", state["state"]!.GetValue<string>());
        }

        await using (var rollback = blocker.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK;";
            await rollback.ExecuteNonQueryAsync();
        }
        await blocker.CloseAsync();

        using var boardAfter = await kiosk.BoardClientAsync();
        var delivered = await Eventually.Until(() => boardAfter.GetFromJsonAsync<JsonObject>($"/reports/{key}")!, r => r!["state"]!.GetValue<string>() == "delivered",
            "the kiosk to deliver the report once the controller can take it\n" + kiosk.Output, TimeSpan.FromSeconds(60));
        Assert.NotNull(delivered!["reference"]);
        var listed = (await admin.GetFromJsonAsync<JsonObject>("/api/reports"))!["reports"]!.AsArray();
        Assert.Single(listed);
    }
}
