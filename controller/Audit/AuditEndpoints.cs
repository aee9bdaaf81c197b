using System.Globalization;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Api.Paging;
using SignageKiosk.Controller.Auth;

namespace SignageKiosk.Controller.Audit;

public static class AuditEndpoints
{
    public static void MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        // GET /api/audit?kind=notices&itemId=…&actor=…&from=…&to=…&q=…&limit=50&cursor=… — administrators only.
        app.MapGet("/api/audit", async (string? kind, string? itemId, string? actor, string? from, string? to, int? limit, string? cursor, string? q,
            AuditLog audit, CancellationToken cancellationToken) =>
            Results.Ok(await audit.QueryAsync(new AuditLog.Filter(kind, itemId, actor, Instant(from, "from"), Instant(to, "to")), ListQuery.FromApi(limit, cursor, q), cancellationToken)))
            .Paged<AuditEntry>("Who changed what, newest first; filters `kind`, `itemId`, `actor`, `from`, `to`; `q` searches the actor and the item id.")
            .RequireAuthorization(AuthPolicies.Admin)
            .WithName("ListAudit");
    }

    private static DateTimeOffset? Instant(string? value, string field) =>
        string.IsNullOrEmpty(value) ? null
        : DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed
        : throw ApiException.BadRequest($"“{field}”须为日期和时间，例如 2026-11-23T00:00:00+08:00 ('{field}' must be a date and time, e.g. 2026-11-23T00:00:00+08:00)", field);
}
