using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace SignageKiosk.Controller.Api;

/// <summary>
/// Every refused API request answers with RFC 9457 problem details (docs/decisions/0049): what went wrong, for the
/// person reading it, in <c>detail</c> (zh-CN first), a short <c>title</c> for the status, and the request field at
/// fault, when there is one, in the <c>field</c> extension member.
/// </summary>
public static class ApiProblem
{
    /// <summary>The extension member naming the request field at fault (a JSON path or a form field).</summary>
    public const string FieldMember = "field";

    public const string ContentType = "application/problem+json";

    public static ProblemDetails Create(int status, string detail, string? field = null)
    {
        var problem = new ProblemDetails { Status = status, Title = Title(status), Detail = detail };
        if (field is not null)
        {
            problem.Extensions[FieldMember] = field;
        }
        return problem;
    }

    /// <summary>A handler's refusal, as a typed result (its schema is <see cref="ProblemDetails"/> in the OpenAPI document).</summary>
    public static ProblemHttpResult Result(int status, string detail, string? field = null) => TypedResults.Problem(Create(status, detail, field));

    /// <summary>Writes the refusal from middleware or an authentication handler; nothing is written once the response started.</summary>
    public static async Task WriteAsync(HttpContext context, int status, string detail, string? field = null)
    {
        if (context.Response.HasStarted)
        {
            return;
        }
        // Not cleared: headers set for this answer (Retry-After) stay; the exception handler cleared a failed response already.
        context.Response.StatusCode = status;
        var problem = Create(status, detail, field);
        var writer = context.RequestServices.GetService<IProblemDetailsService>();
        if (writer is null || !await writer.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }))
        {
            // The caller's Accept header allowed no writer (a browser asking for HTML): an API still answers with its problem.
            await context.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, ContentType);
        }
    }

    /// <summary>
    /// For problems the framework writes itself (a binding failure, an unexpected exception's 500): the zh-CN title, and a
    /// detail saying what to do, since the framework's own says nothing.
    /// </summary>
    public static void Complete(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        if (problem.Title is null || problem.Title == ReasonPhrases.GetReasonPhrase(status))
        {
            problem.Title = Title(status);
        }
        problem.Detail ??= status switch
        {
            StatusCodes.Status400BadRequest => "请求中的参数无法读取，请检查格式 (a route, query or header value could not be read)",
            >= 500 => "控制器处理请求时出错，已记入日志；请稍后重试 (the controller failed on this request; it is logged)",
            _ => problem.Title,
        };
    }

    /// <summary>The problem's title: the status in a few words, zh-CN (the detail says what exactly).</summary>
    public static string Title(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "请求无效",
        StatusCodes.Status401Unauthorized => "需要登录或凭据",
        StatusCodes.Status403Forbidden => "无权进行此操作",
        StatusCodes.Status404NotFound => "找不到",
        StatusCodes.Status405MethodNotAllowed => "不支持此请求方法",
        StatusCodes.Status409Conflict => "与现有数据冲突",
        StatusCodes.Status413PayloadTooLarge => "内容过大",
        StatusCodes.Status415UnsupportedMediaType => "不支持的内容类型",
        StatusCodes.Status422UnprocessableEntity => "内容无法处理",
        StatusCodes.Status429TooManyRequests => "请求过于频繁",
        StatusCodes.Status500InternalServerError => "控制器内部错误",
        StatusCodes.Status503ServiceUnavailable => "服务暂时不可用",
        StatusCodes.Status507InsufficientStorage => "存储空间不足",
        _ => ReasonPhrases.GetReasonPhrase(status),
    };
}
