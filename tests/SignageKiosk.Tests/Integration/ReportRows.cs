using Microsoft.Extensions.DependencyInjection;
using SignageKiosk.Controller.Storage;

using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// Sets a report's state straight in the controller's database. Only until the staff queue's API exists on this branch
/// (issue 15): then these tests should resolve and mark spam through it instead.
/// </summary>
public static class ReportRows
{
    public static async Task SetStateAsync(ControllerHost controller, string reference, string state, string? publicReply = null)
    {
        var db = controller.Services.GetRequiredService<ControllerDb>();
        await using var connection = await db.OpenAsync(CancellationToken.None);
        var now = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        var changed = await connection.ExecAsync(
            "UPDATE reports SET state = @state, public_reply = @reply, updated_at = @now, resolved_at = CASE WHEN @state = 'resolved' THEN @now END WHERE reference = @reference;",
            null, CancellationToken.None, ("@state", state), ("@reply", publicReply), ("@now", now), ("@reference", reference));
        Assert.Equal(1, changed);
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
