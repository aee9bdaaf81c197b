using System.Data.Common;
using System.Threading.Channels;

namespace SignageKiosk.Controller.Storage;

/// <summary>
/// Small write transactions that arrive by the thousand at once (a reconnecting fleet's credential rotations) committed
/// together on SQLite (docs/decisions/0043). SQLite has one writer and "published" means fsync'd (decision 0001), so
/// 10,000 kiosks reconnecting made 20,000 commits queue for the write lock, each waiting on its own fsync and on
/// SQLite's busy handler, which sleeps rather than waking the next writer. Here one loop takes whatever is waiting,
/// runs each piece of work in turn inside one transaction, each under its own savepoint (a piece that throws is rolled
/// back alone and its caller gets the exception), and commits once; every caller's task completes only after that
/// commit, so nothing is answered before it is durable. Work runs one piece at a time, in arrival order, as under
/// SQLite's lock. On PostgreSQL each piece is its own transaction as before: concurrent commits there already share
/// WAL flushes, and one transaction holding many kiosks' row locks could deadlock with another node's.
/// </summary>
public sealed class GroupCommit : IAsyncDisposable
{
    /// <summary>How many pieces one commit takes at most; the rest wait for the next.</summary>
    public const int MaxBatch = 500;

    private const int Queued = 0;
    private const int Running = 1;
    private const int Cancelled = 2;

    private readonly ControllerDb _db;
    private readonly ILogger<GroupCommit> _logger;
    private readonly Channel<Piece> _queue = Channel.CreateUnbounded<Piece>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private long _commits;

    public GroupCommit(ControllerDb db, ILogger<GroupCommit> logger)
    {
        _db = db;
        _logger = logger;
        _loop = db.Provider == StoreProvider.Sqlite ? Task.Run(LoopAsync) : Task.CompletedTask;
    }

    /// <summary>Commits made for grouped work so far (SQLite only): fewer than the pieces of work when grouping works.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>
    /// Runs <paramref name="work"/> in a write transaction and returns once it is committed. The work must pass the
    /// transaction to every command and must not open connections of its own. Cancelled only while it waits: once
    /// started, it runs to its commit (an answer may then go nowhere, as with any commit that races a cancellation).
    /// </summary>
    public async Task<T> RunAsync<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        if (_db.Provider != StoreProvider.Sqlite)
        {
            await using var connection = await _db.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var result = await work(connection, transaction, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        var piece = new Piece(async (connection, transaction) => await work(connection, transaction, CancellationToken.None));
        if (!_queue.Writer.TryWrite(piece))
        {
            throw new ObjectDisposedException(nameof(GroupCommit));
        }
        await using (cancellationToken.Register(() =>
        {
            if (Interlocked.CompareExchange(ref piece.State, Cancelled, Queued) == Queued)
            {
                piece.Done.TrySetCanceled(cancellationToken);
            }
        }))
        {
            return (T)(await piece.Done.Task)!;
        }
    }

    private async Task LoopAsync()
    {
        var batch = new List<Piece>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var piece))
            {
                if (Interlocked.CompareExchange(ref piece.State, Running, Queued) == Queued)
                {
                    batch.Add(piece);
                }
            }
            if (batch.Count > 0)
            {
                await CommitAsync(batch);
            }
        }
    }

    private async Task CommitAsync(List<Piece> batch)
    {
        var results = new (object? Value, Exception? Error)[batch.Count];
        try
        {
            await using var connection = await _db.OpenAsync(CancellationToken.None);
            await using var transaction = await connection.BeginWriteAsync(CancellationToken.None);
            for (var i = 0; i < batch.Count; i++)
            {
                await transaction.SaveAsync("piece");
                try
                {
                    results[i] = (await batch[i].Work(connection, transaction), null);
                    await transaction.ReleaseAsync("piece");
                }
                catch (Exception e)
                {
                    results[i] = (null, e);
                    await transaction.RollbackAsync("piece");
                    await transaction.ReleaseAsync("piece");
                }
            }
            await transaction.CommitAsync();
            Interlocked.Increment(ref _commits);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "A group commit of {Count} writes failed; each caller gets the error", batch.Count);
            foreach (var piece in batch)
            {
                piece.Done.TrySetException(e);
            }
            return;
        }
        for (var i = 0; i < batch.Count; i++)
        {
            if (results[i].Error is { } error)
            {
                batch[i].Done.TrySetException(error);
            }
            else
            {
                batch[i].Done.TrySetResult(results[i].Value);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }

    private sealed class Piece(Func<DbConnection, DbTransaction, Task<object?>> work)
    {
        public int State = Queued;
        public Func<DbConnection, DbTransaction, Task<object?>> Work { get; } = work;
        public TaskCompletionSource<object?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
