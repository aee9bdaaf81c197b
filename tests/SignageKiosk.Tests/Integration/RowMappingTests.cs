using Microsoft.Extensions.Options;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Tests.Support;
using Xunit;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// Rows read by column name (decision 0041) come back the same from both back ends: instants written as text by one
/// store read as the same instant, integer flags as booleans, NULLs as nulls, and a row type's order does not matter.
/// </summary>
public sealed class RowMappingTests
{
    private sealed class NoticeRow
    {
        public string Id { get; init; } = "";
        public bool IsPinned { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset? ExpiresAt { get; init; }
        public int Views { get; init; }
        public string? Note { get; init; }
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.PostgreSql)]
    public async Task Rows_written_with_normalised_parameters_read_back_by_name_on_both_back_ends(StoreProvider provider)
    {
        var options = new StorageOptions { DataDirectory = Repo.TempDirectory("rowmapping"), Provider = provider };
        if (provider == StoreProvider.PostgreSql)
        {
            options.ConnectionString = PostgresServer.Shared.CreateDatabase("rowmapping");
        }
        await using var db = new ControllerDb(Options.Create(options));
        await using var connection = await db.OpenAsync(CancellationToken.None);
        await connection.ExecAsync(
            "CREATE TABLE t (note TEXT, views INTEGER NOT NULL, expires_at TEXT, created_at TEXT NOT NULL, is_pinned INTEGER NOT NULL, id TEXT PRIMARY KEY);",
            null, CancellationToken.None);
        var created = new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.FromHours(8)).AddTicks(1234567);
        await connection.ExecAsync(
            "INSERT INTO t (id, is_pinned, created_at, expires_at, views, note) VALUES (@id, @pinned, @created, @expires, @views, @note), ('b', 0, @created, NULL, 0, NULL);",
            null, CancellationToken.None,
            ("@id", "a"), ("@pinned", true), ("@created", created), ("@expires", created.AddDays(7)), ("@views", 3), ("@note", "停水通知 🚰"));

        var rows = await connection.QueryAsync<NoticeRow>("SELECT * FROM t WHERE created_at = @created ORDER BY id;", null, CancellationToken.None, ("@created", created));
        var missing = await connection.QuerySingleOrNullAsync<NoticeRow>("SELECT * FROM t WHERE id = @id;", null, CancellationToken.None, ("@id", "zzz"));

        Assert.Equal(["a", "b"], rows.Select(r => r.Id));
        Assert.True(rows[0].IsPinned);
        Assert.False(rows[1].IsPinned);
        Assert.Equal(created, rows[0].CreatedAt);
        Assert.Equal(TimeSpan.FromHours(8), rows[0].CreatedAt.Offset);
        Assert.Equal(created.AddDays(7), rows[0].ExpiresAt);
        Assert.Null(rows[1].ExpiresAt);
        Assert.Equal(3, rows[0].Views);
        Assert.Equal("停水通知 🚰", rows[0].Note);
        Assert.Null(rows[1].Note);
        Assert.Null(missing);
    }
}
