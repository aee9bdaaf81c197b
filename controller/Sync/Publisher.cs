using System.Data.Common;
using System.Globalization;
using SignageKiosk.Controller.Audit;
using SignageKiosk.Controller.Cluster;
using SignageKiosk.Controller.Observability;
using SignageKiosk.Controller.Storage;

namespace SignageKiosk.Controller.Sync;

/// <summary>
/// The single write path: one writer at a time (on every node: decision 0037), the change and its log entry in one
/// transaction, and the push queued in commit order. Only after the commit is "published" said.
/// </summary>
public sealed class Publisher(ControllerDb db, ChangeDispatcher dispatcher, ControllerMetrics metrics, TimeProvider time, IHttpContextAccessor http)
{
    private readonly SemaphoreSlim _writer = new(1, 1);

    /// <summary>
    /// Runs <paramref name="work"/> in an immediate transaction. It returns the changes to log (none for a no-op).
    /// Returns the sequence of the last logged change, or 0.
    /// </summary>
    public async Task<long> WriteAsync(string actor, Func<DbConnection, DbTransaction, Task<IReadOnlyList<ChangeRecord>>> work, CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await db.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginWriteAsync(cancellationToken);
            var changes = await work(connection, transaction);
            var logged = new List<ChangeRecord>(changes.Count);
            var now = time.GetUtcNow();
            foreach (var change in changes)
            {
                logged.Add(await ChangeLog.AppendAsync(connection, transaction, change, now, actor, cancellationToken));
            }
            if (logged.Count > 0 && db.Provider == StoreProvider.PostgreSql)
            {
                // Delivered to every node's change feed when, and only if, this transaction commits.
                await connection.ExecAsync("SELECT pg_notify(@channel, @seq);", transaction, cancellationToken,
                    ("@channel", ClusterChannels.Changes), ("@seq", logged[^1].Seq.ToString(CultureInfo.InvariantCulture)));
            }
            if (logged.Count > 0)
            {
                await AuditLog.RecordAsync(connection, transaction, logged, actor, http.HttpContext?.Connection.RemoteIpAddress?.ToString(), now, cancellationToken);
            }
            // Past this point the change is durable: do not let a caller's cancellation split commit from push.
            await transaction.CommitAsync(CancellationToken.None);
            if (logged.Count > 0)
            {
                metrics.Published(logged.Count);
            }
            // One node: the push is queued here, in commit order, before the next writer starts. Several nodes: every
            // node, this one included, reads it from the log (ChangeFeed).
            if (db.Provider == StoreProvider.Sqlite)
            {
                foreach (var change in logged)
                {
                    dispatcher.Enqueue(change);
                }
            }
            return logged.Count == 0 ? 0 : logged[^1].Seq;
        }
        finally
        {
            _writer.Release();
        }
    }
}
