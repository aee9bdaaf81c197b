using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Tests.Support;
using Xunit;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// Writes made at once share commits on SQLite (decision 0043), and sharing changes nothing a caller can see: each is
/// durable when its call returns, one that fails is rolled back alone, one cancelled while it waits never happens.
/// </summary>
public sealed class GroupCommitTests
{
    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.PostgreSql)]
    public async Task Writes_made_at_once_are_each_committed_before_their_caller_hears_back(StoreProvider provider)
    {
        await using var db = await OpenAsync(provider, "groupcommit-many");
        await using var commits = new GroupCommit(db, NullLogger<GroupCommit>.Instance);
        const int Writers = 200;

        var writes = Enumerable.Range(0, Writers).Select(async i =>
        {
            var id = await commits.RunAsync(async (connection, transaction, ct) =>
            {
                await connection.ExecAsync("INSERT INTO t (id) VALUES (@id);", transaction, ct, ("@id", $"k{i:D3}"));
                return $"k{i:D3}";
            }, CancellationToken.None);
            // Read on a connection of its own: the caller hears back only after the commit.
            await using var reader = await db.OpenAsync(CancellationToken.None);
            return await reader.ScalarAsync<long>("SELECT COUNT(*) FROM t WHERE id = @id;", null, CancellationToken.None, ("@id", id));
        }).ToList();
        var seen = await Task.WhenAll(writes);

        Assert.All(seen, count => Assert.Equal(1, count));
        Assert.Equal(Writers, await CountAsync(db));
        if (provider == StoreProvider.Sqlite)
        {
            Assert.InRange(commits.Commits, 1, Writers / 4);
        }
    }

    [Fact]
    public async Task A_write_that_fails_is_rolled_back_alone_and_its_caller_gets_the_error()
    {
        await using var db = await OpenAsync(StoreProvider.Sqlite, "groupcommit-fail");
        await using var commits = new GroupCommit(db, NullLogger<GroupCommit>.Instance);
        // Holds the loop so the next three are queued together and share one commit.
        var (holding, gate) = await HoldTheLoopAsync(commits);
        var before = Insert(commits, "before");
        var failing = commits.RunAsync<int>(async (connection, transaction, ct) =>
        {
            await connection.ExecAsync("INSERT INTO t (id) VALUES ('failing');", transaction, ct);
            throw new InvalidOperationException("楼栋不存在");
        }, CancellationToken.None);
        var after = Insert(commits, "after");
        gate.SetResult();

        await holding;
        await before;
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        await after;

        Assert.Equal("楼栋不存在", error.Message);
        Assert.Equal(["after", "before", "first"], await IdsAsync(db));
        Assert.Equal(2, commits.Commits);
    }

    [Fact]
    public async Task A_write_cancelled_while_it_waits_never_happens()
    {
        await using var db = await OpenAsync(StoreProvider.Sqlite, "groupcommit-cancel");
        await using var commits = new GroupCommit(db, NullLogger<GroupCommit>.Instance);
        var (holding, gate) = await HoldTheLoopAsync(commits);
        using var cancel = new CancellationTokenSource();
        var waiting = commits.RunAsync(async (connection, transaction, ct) =>
            await connection.ExecAsync("INSERT INTO t (id) VALUES ('cancelled');", transaction, ct), cancel.Token);
        var kept = Insert(commits, "kept");

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        gate.SetResult();
        await holding;
        await kept;

        Assert.Equal(["first", "kept"], await IdsAsync(db));
    }

    /// <summary>A write that has started and waits for the gate: everything queued meanwhile goes into the next commit.</summary>
    private static async Task<(Task<int> Holding, TaskCompletionSource Gate)> HoldTheLoopAsync(GroupCommit commits)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holding = commits.RunAsync(async (connection, transaction, ct) =>
        {
            started.SetResult();
            await gate.Task;
            return await connection.ExecAsync("INSERT INTO t (id) VALUES ('first');", transaction, ct);
        }, CancellationToken.None);
        await started.Task;
        return (holding, gate);
    }

    private static Task<int> Insert(GroupCommit commits, string id) =>
        commits.RunAsync(async (connection, transaction, ct) =>
            await connection.ExecAsync("INSERT INTO t (id) VALUES (@id);", transaction, ct, ("@id", id)), CancellationToken.None);

    private static async Task<ControllerDb> OpenAsync(StoreProvider provider, string name)
    {
        var options = new StorageOptions { DataDirectory = Repo.TempDirectory(name), Provider = provider };
        if (provider == StoreProvider.PostgreSql)
        {
            options.ConnectionString = PostgresServer.Shared.CreateDatabase(name.Replace('-', '_'));
        }
        var db = new ControllerDb(Options.Create(options));
        await using var connection = await db.OpenAsync(CancellationToken.None);
        await connection.ExecAsync("CREATE TABLE t (id TEXT PRIMARY KEY);", null, CancellationToken.None);
        return db;
    }

    private static async Task<long> CountAsync(ControllerDb db)
    {
        await using var connection = await db.OpenAsync(CancellationToken.None);
        return await connection.ScalarAsync<long>("SELECT COUNT(*) FROM t;", null, CancellationToken.None);
    }

    private static async Task<List<string>> IdsAsync(ControllerDb db)
    {
        await using var connection = await db.OpenAsync(CancellationToken.None);
        return (await connection.QueryAsync<IdRow>("SELECT id FROM t ORDER BY id;", null, CancellationToken.None)).Select(r => r.Id).ToList();
    }

    private sealed class IdRow
    {
        public string Id { get; init; } = "";
    }
}
