using SignageKiosk.Controller.Auth;

namespace SignageKiosk.Controller.Reports;

public static class ReportEndpoints
{
    public static IServiceCollection AddResidentReports(this IServiceCollection services)
    {
        services.AddSingleton<ReportStore>();
        services.AddSingleton<ReportQuery>();
        return services;
    }

    public static void MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        // GET /api/reports?state=received&placeId=… — staff, reports about buildings in their area, newest first.
        app.MapGet("/api/reports", async (string? state, string? placeId, HttpContext http, ReportQuery reports, CancellationToken cancellationToken) =>
            Results.Ok(new { reports = await reports.ListAsync(http.User, state, placeId, cancellationToken) }))
            .RequireAuthorization(AuthPolicies.Staff);
    }
}
