using Microsoft.AspNetCore.Http.Features;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Shared.Import;
using SignageKiosk.Controller.Observability;

namespace SignageKiosk.Controller.Import;

/// <summary>
/// POST /api/import/{kind}/preview?target= (the file as the body; writes nothing),
/// POST /api/import/{token}/confirm (writes the valid rows), GET /api/export/{kind}?target= (.xlsx).
/// Kinds: roster, people, duty-shifts.
/// </summary>
public static class ImportEndpoints
{
    public static void MapImportEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization(AuthPolicies.Staff).WithTags("import");

        api.MapPost("/import/{kind}/preview", async (string kind, string? target, HttpContext http, ImportService imports, CancellationToken cancellationToken) =>
        {
            // The body's type first, as every endpoint that reads a body does (RequestBody): a client sending the wrong thing hears that.
            if (!SheetFormats.TryParse(http.Request.ContentType, out _, out var charset))
            {
                throw new ApiException(StatusCodes.Status415UnsupportedMediaType,
                    $"请上传 .xlsx（Content-Type: {SheetFormats.Xlsx}）、.xls（Content-Type: {SheetFormats.Xls}）或 CSV（Content-Type: {SheetFormats.Csv}）文件");
            }
            CheckKind(kind);
            var place = CheckTarget(target);
            var file = await ReadBodyAsync(http, cancellationToken);
            return Results.Ok(await imports.PreviewAsync(kind, place, file, charset, http.User, cancellationToken));
        }).TimedAsImport("preview")
            .WithName("PreviewImport").WithSummary("Upload a spreadsheet (.xlsx, .xls or CSV) for `target`: each row as it would be written, and a token to confirm it")
            .FileBody([SheetFormats.Xlsx, SheetFormats.Xls, SheetFormats.Csv])
            .Produces<ImportPreview>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        api.MapPost("/import/{token}/confirm", async (string token, HttpContext http, ImportService imports, CancellationToken cancellationToken) =>
            Results.Ok(await imports.ConfirmAsync(token, http.User, cancellationToken))).TimedAsImport("confirm")
            .WithName("ConfirmImport").Produces<ImportResult>(StatusCodes.Status200OK).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/export/{kind}", async (string kind, string? target, HttpContext http, ImportService imports, CancellationToken cancellationToken) =>
        {
            CheckKind(kind);
            var (bytes, fileName) = await imports.ExportAsync(kind, CheckTarget(target), http.User, cancellationToken);
            return Results.File(bytes, SheetFormats.Xlsx, fileName);
        }).TimedAsImport("export")
            .WithName("Export").FileAnswer(SheetFormats.Xlsx).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden);
    }

    private static void CheckKind(string kind)
    {
        if (!ImportKind.IsKnown(kind))
        {
            throw ApiException.BadRequest($"不能导入导出“{kind}”；可用：{string.Join("、", ImportKind.All)}", "kind");
        }
    }

    private static string CheckTarget(string? target) =>
        string.IsNullOrWhiteSpace(target) ? throw ApiException.BadRequest("请用 ?target= 指明小区（地点编号）", "target") : target.Trim();

    /// <summary>The whole file, at most 5 MB; a larger one is refused before it is read when its length is declared.</summary>
    private static async Task<byte[]> ReadBodyAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (http.Request.ContentLength > ImportLimits.MaxFileBytes)
        {
            throw ImportLimits.TooLarge();
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            // Above the controller's 1 MB JSON limit; one byte more than allowed, so that our own check answers.
            limit.MaxRequestBodySize = ImportLimits.MaxFileBytes + 1;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > ImportLimits.MaxFileBytes)
            {
                throw ImportLimits.TooLarge();
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
