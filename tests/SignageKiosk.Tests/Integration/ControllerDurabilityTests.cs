using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// "Published" means durable (decision 0001): every connection the controller writes through must fsync its commits
/// (synchronous = FULL) and enforce foreign keys, not only the one that ran the migrations at start.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ControllerDurabilityTests
{
    [Fact]
    public async Task Every_connection_the_controller_opens_is_durable_and_checks_foreign_keys()
    {
        await using var controller = ControllerHost.Start("durability");
        var db = controller.Services.GetRequiredService<ControllerDb>();

        // Several at once, so most are new connections rather than the pooled one the migrations used.
        var connections = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => db.OpenAsync(CancellationToken.None)));
        try
        {
            foreach (var connection in connections)
            {
                Assert.Equal(2L, await PragmaAsync(connection, "synchronous"));   // 2 = FULL
                Assert.Equal(1L, await PragmaAsync(connection, "foreign_keys"));
                Assert.Equal(10000L, await PragmaAsync(connection, "busy_timeout"));
                Assert.Equal("wal", await PragmaAsync(connection, "journal_mode"));
            }
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task The_connections_requests_wrote_through_were_durable()
    {
        await using var controller = ControllerHost.Start("durability-requests");
        var db = controller.Services.GetRequiredService<ControllerDb>();
        // Hold the migrations' connection out of the pool, so the requests below must open their own.
        await using (var held = new SqliteConnection(db.ConnectionString))
        {
            await held.OpenAsync();
            using var admin = await controller.AdminAsync();
            await Task.WhenAll(Enumerable.Range(0, 8).Select(i => admin.PostJsonAsync("/api/places", new { id = $"city-{i}", kind = "city", name = $"城市{i}" })));
        }

        // The pool hands back the very connections those requests used; opened raw here, so only what they were set to shows.
        var pooled = new List<SqliteConnection>();
        try
        {
            for (var i = 0; i < 8; i++)
            {
                var connection = new SqliteConnection(db.ConnectionString);
                await connection.OpenAsync();
                pooled.Add(connection);
            }
            var synchronous = new List<long>();
            foreach (var connection in pooled)
            {
                synchronous.Add((long)(await PragmaAsync(connection, "synchronous"))!);
            }
            Assert.All(synchronous, s => Assert.Equal(2L, s));
        }
        finally
        {
            foreach (var connection in pooled)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private static async Task<object?> PragmaAsync(SqliteConnection connection, string name)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return await command.ExecuteScalarAsync();
    }
}
