using SignageKiosk.Controller.Settings;
using Microsoft.AspNetCore.Http.HttpResults;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Auth;

namespace SignageKiosk.Controller.Reports;

/// <summary>
/// /api/reports: the staff's queue of residents' reports (docs/decisions/0029). Every route is for staff with a bearer
/// token, scoped to their area (a report outside it is 404, as an unknown one); refusals are in Chinese.
/// </summary>
public static class ReportEndpoints
{
    public static IServiceCollection AddResidentReports(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCheckedOptions<ReportQueueOptions>(configuration, ReportQueueOptions.Section, o => o.Problem());
        services.AddSingleton<ReportSignal>();
        services.AddSingleton<ReportStore>();
        services.AddSingleton<ReportQuery>();
        services.AddSingleton<ReportHandling>();
        services.AddSingleton<ReportExport>();
        services.AddSingleton<ReportFiguresPublisher>();
        services.AddHostedService<ReportFiguresService>();
        return services;
    }

    public sealed record AssignRequest
    {
        public required long UserId { get; init; }
    }

    public sealed record StateRequest
    {
        public required string State { get; init; }
        /// <summary>The reply residents read (required to resolve).</summary>
        public string? PublicReply { get; init; }
        /// <summary>Why it is declined (required to decline); residents read it.</summary>
        public string? Reason { get; init; }
        /// <summary>A staff-only note.</summary>
        public string? Note { get; init; }
    }

    public sealed record NoteRequest
    {
        public required string Text { get; init; }
    }

    public static void MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/reports").RequireAuthorization(AuthPolicies.Staff).WithTags("reports");
        Refusals(reports.MapGet("/", ListAsync)).WithName("ListReports")
            .WithSummary("Residents' reports in the caller's area, newest first, paged (cursor = the previous page's nextCursor)");
        Refusals(reports.MapGet("/export.csv", ExportAsync)).WithName("ExportReports")
            .WithSummary("The queue as CSV (UTF-8 with BOM, Chinese headers), same filters; never a phone number or a note")
            .FileAnswer("text/csv");
        Refusals(reports.MapGet("/{reference}", GetAsync)).WithName("GetReport").WithSummary("One report with its history of states and notes");
        Refusals(reports.MapPost("/{reference}/assign", AssignAsync)).WithName("AssignReport").JsonBody(typeof(AssignRequest))
            .WithSummary("Assign to a staff user whose area covers the building (administrators and community staff)")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        Refusals(reports.MapPost("/{reference}/state", MoveAsync)).WithName("MoveReport").JsonBody(typeof(StateRequest))
            .WithSummary("Change the state: inProgress, resolved (publicReply required), declined (reason required) or spam")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        Refusals(reports.MapPost("/{reference}/notes", AddNoteAsync)).WithName("AddReportNote").JsonBody(typeof(NoteRequest)).WithSummary("A staff-only note")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        Refusals(reports.MapPost("/{reference}/spam", MarkSpamAsync)).WithName("MarkReportSpam").WithSummary("Mark as spam: out of the figures and the look-up")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
    }

    /// <summary>What every route may answer besides success: a refusal in Chinese ({ error, field }).</summary>
    private static RouteHandlerBuilder Refusals(RouteHandlerBuilder route) =>
        route.ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);

    private static ReportQuery.Query Query(string? state, string? category, string? placeId, string? overdue, string? assignee, long? cursor = null, int? pageSize = null) =>
        new(state, category, placeId, overdue switch
        {
            null or "" or "false" or "0" => false,
            "true" or "1" => true,
            _ => throw ApiException.BadRequest("overdue 只能是 true 或 false", "overdue"),
        }, assignee, cursor, pageSize);

    public static async Task<Ok<ReportQuery.ListedPage>> ListAsync(string? state, string? category, string? placeId, string? overdue, string? assignee,
        long? cursor, int? pageSize, HttpContext http, ReportQuery query, CancellationToken cancellationToken) =>
        TypedResults.Ok(await query.ListAsync(http.User, Query(state, category, placeId, overdue, assignee, cursor, pageSize), cancellationToken));

    public static async Task<FileContentHttpResult> ExportAsync(string? state, string? category, string? placeId, string? overdue, string? assignee,
        HttpContext http, ReportExport export, TimeProvider time, CancellationToken cancellationToken)
    {
        var csv = await export.CsvAsync(http.User, Query(state, category, placeId, overdue, assignee), cancellationToken);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.File(csv, ReportExport.ContentType, ReportExport.FileName(time.GetUtcNow()));
    }

    public static async Task<Ok<ReportQuery.Detail>> GetAsync(string reference, HttpContext http, ReportQuery query, CancellationToken cancellationToken) =>
        TypedResults.Ok(await query.GetAsync(http.User, reference, cancellationToken));

    public static async Task<Ok<ReportQuery.Detail>> AssignAsync(string reference, HttpContext http, ReportHandling handling, ReportQuery query, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync<AssignRequest>(http, cancellationToken);
        await handling.AssignAsync(http.User, reference, body.UserId, cancellationToken);
        return TypedResults.Ok(await query.GetAsync(http.User, reference, cancellationToken));
    }

    public static async Task<Ok<ReportQuery.Detail>> MoveAsync(string reference, HttpContext http, ReportHandling handling, ReportQuery query, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync<StateRequest>(http, cancellationToken);
        var reply = body.State == Shared.Reports.ReportState.Declined ? body.Reason ?? body.PublicReply : body.PublicReply;
        await handling.MoveAsync(http.User, reference, body.State, reply, body.Note, cancellationToken);
        return TypedResults.Ok(await query.GetAsync(http.User, reference, cancellationToken));
    }

    public static async Task<Ok<ReportQuery.Detail>> AddNoteAsync(string reference, HttpContext http, ReportHandling handling, ReportQuery query, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync<NoteRequest>(http, cancellationToken);
        await handling.AddNoteAsync(http.User, reference, body.Text, cancellationToken);
        return TypedResults.Ok(await query.GetAsync(http.User, reference, cancellationToken));
    }

    public static async Task<Ok<ReportQuery.Detail>> MarkSpamAsync(string reference, HttpContext http, ReportHandling handling, ReportQuery query, CancellationToken cancellationToken)
    {
        await handling.MarkSpamAsync(http.User, reference, cancellationToken);
        return TypedResults.Ok(await query.GetAsync(http.User, reference, cancellationToken));
    }
}
