using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Shared.Reports;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// Takes a report to a state the way staff do, through the queue's API as the administrator (assigned to themselves,
/// then moved on), and reads what the residents' side wrote (ratings, their history) from the controller's database.
/// </summary>
public static class ReportRows
{
    public static async Task SetStateAsync(ControllerHost controller, string reference, string state, string? publicReply = null)
    {
        using var admin = await controller.AdminAsync();
        var path = $"/api/reports/{reference}";
        if (state == ReportState.Spam)
        {
            await admin.PostJsonAsync(path + "/spam", new { });
            return;
        }
        Assert.Equal(ReportState.Resolved, state);
        var users = (await admin.GetFromJsonAsync<JsonObject>("/api/users"))!["items"]!.AsArray();
        var adminId = users.Single(u => u!["username"]!.GetValue<string>() == "admin")!["id"]!.GetValue<long>();
        await admin.PostJsonAsync(path + "/assign", new { userId = adminId });
        await admin.PostJsonAsync(path + "/state", new { state = ReportState.InProgress });
        await admin.PostJsonAsync(path + "/state", new { state = ReportState.Resolved, publicReply });
    }

    public static async Task<long> ScalarAsync(ControllerHost controller, string sql, params (string, object?)[] parameters)
    {
        var db = controller.Services.GetRequiredService<ControllerDb>();
        await using var connection = await db.OpenAsync(CancellationToken.None);
        return await connection.ScalarAsync<long>(sql, null, CancellationToken.None, parameters);
    }

    public static async Task<string?> TextAsync(ControllerHost controller, string sql, params (string, object?)[] parameters)
    {
        var db = controller.Services.GetRequiredService<ControllerDb>();
        await using var connection = await db.OpenAsync(CancellationToken.None);
        return await connection.ScalarAsync<string>(sql, null, CancellationToken.None, parameters);
    }
}
