using Microsoft.Extensions.Options;
using SignageKiosk.Kiosk.Board;
using SignageKiosk.Shared.Reports;

namespace SignageKiosk.Kiosk.Reports;

/// <summary>
/// <c>POST /reports {"category": "repairs", "buildingId": "…", "unitId": "…", "phrases": ["repairs.lift"], "phone": "…"}</c>:
/// the board page files a resident's report; it is kept in the outbox under a fresh key and answered 202
/// <c>{"key": "…", "pending": true}</c>. <c>GET /reports/{key}</c>: its state and, once delivered, its reference.
/// Both only from the board page this host served.
/// </summary>
public static class ReportEndpoints
{
    public sealed record ReportBody(string? Category, string? BuildingId, string? UnitId, string[]? Phrases, string? Phone);

    public static IServiceCollection AddResidentReports(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ReportOptions>(configuration.GetSection(ReportOptions.Section));
        services.AddSingleton<ReportOutbox>();
        services.AddHostedService<ReportSender>();
        services.AddSingleton<ReportLookup>();
        return services;
    }

    public static void MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapReportLookupEndpoints();
        app.MapPost("/reports", async (HttpContext http, ReportOutbox outbox, TimeProvider time, IOptions<ReportOptions> options, CancellationToken cancellationToken) =>
        {
            if (outbox.PendingCount() >= Math.Max(1, options.Value.MaxPending))
            {
                return Results.Json(new { error = TooManyPending }, statusCode: StatusCodes.Status429TooManyRequests);
            }
            var body = await LocalCaller.ReadJsonOrNullAsync<ReportBody>(http, cancellationToken);
            if (body is null)
            {
                return Refuse("请发送 {\"category\": \"repairs\", \"buildingId\": \"…\", \"phrases\": [\"…\"]}");
            }
            if (!ReportCategories.TryParse(body.Category, out var category))
            {
                return Refuse("请选择反映类别：" + string.Join("、", ReportCategories.All.Select(c => $"{ReportCategories.WireName(c)}（{ReportCategories.Label(c)}）")));
            }
            var report = ReportRules.Normalised(new ResidentReport
            {
                IdempotencyKey = Guid.NewGuid().ToString(),
                Category = category,
                BuildingId = body.BuildingId ?? "",
                UnitId = body.UnitId,
                Phrases = body.Phrases ?? [],
                Phone = body.Phone,
                CreatedAt = time.GetUtcNow(),
            });
            if (ReportRules.Problem(report, time.GetUtcNow()) is { } problem)
            {
                return Refuse(problem);
            }
            outbox.Add(report);
            return Results.Json(new { key = report.IdempotencyKey, pending = true }, statusCode: StatusCodes.Status202Accepted);
        }).RequireBoardPage();

        app.MapGet("/reports/{key}", (string key, ReportOutbox outbox) =>
            outbox.Get(key) is { } entry
                ? Results.Ok(new { key = entry.Key, state = entry.State, pending = entry.State == ReportOutbox.Pending, reference = entry.Reference, refusal = entry.Refusal })
                : Results.NotFound(new { error = "没有这条反映" }))
            .RequireBoardPage();
    }

    public const string TooManyPending = "这块屏幕上等待送出的反映已经很多，暂时不能再收，请稍后再试，或用手机扫码反映";

    private static IResult Refuse(string message) => Results.BadRequest(new { error = message });
}
