using Microsoft.Extensions.Diagnostics.HealthChecks;
using SignageKiosk.Controller.Storage;

namespace SignageKiosk.Controller.Observability;

/// <summary>Readiness: the store answers a cheap query (SQLite reads its schema page; PostgreSQL answers over the network).</summary>
public sealed class StoreHealthCheck(ControllerDb db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await db.OpenAsync(cancellationToken);
            var sql = db.Provider == StoreProvider.Sqlite ? "SELECT count(*) FROM sqlite_schema;" : "SELECT 1;";
            await connection.ScalarAsync<long>(sql, null, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("the store did not answer", e);
        }
    }
}
