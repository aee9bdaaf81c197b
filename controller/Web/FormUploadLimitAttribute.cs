using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace SignageKiosk.Controller.Web;

/// <summary>
/// A staff page whose form carries a file gets the file's own limit (plus room for the other fields) instead of the
/// API's 1 MB. A form whose file is over it is not refused with a blank 400: the file is read and thrown away, the
/// other fields (the antiforgery token among them) are kept, and the page, seeing <see cref="Exceeded"/>, says so
/// next to the file field with everything else the person typed still there.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class FormUploadLimitAttribute(long fileBytes) : Attribute, IAsyncAuthorizationFilter, IOrderedFilter
{
    /// <summary>Room for the form's other fields and the multipart framing around the file.</summary>
    public const long FieldsAllowance = 1024 * 1024;

    /// <summary>A body above this is not read at all (a wrong file picked by mistake is far smaller).</summary>
    public const long DrainLimit = 256L * 1024 * 1024;

    private static readonly object ExceededKey = new();

    public long FileBytes { get; } = fileBytes;

    /// <summary>Before the antiforgery check, which is the first to read the form.</summary>
    public int Order => -3000;

    /// <summary>Whether this request's file was over the page's limit and dropped.</summary>
    public static bool Exceeded(HttpContext http) => http.Items.ContainsKey(ExceededKey);

    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        var http = context.HttpContext;
        var request = http.Request;
        if (!HttpMethods.IsPost(request.Method) || !MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return;   // Not a file form: the controller's 1 MB stands.
        }
        var withinLimit = FileBytes + FieldsAllowance;
        var bodySize = http.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (request.ContentLength is not { } length || length <= withinLimit)
        {
            if (bodySize is { IsReadOnly: false })
            {
                bodySize.MaxRequestBodySize = withinLimit;
            }
            if (http.Features.Get<IFormFeature>()?.Form is null)
            {
                http.Features.Set<IFormFeature>(new FormFeature(request, new FormOptions { MultipartBodyLengthLimit = withinLimit }));
            }
            return;
        }
        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        if (length > DrainLimit || string.IsNullOrEmpty(boundary) || boundary.Length > 70)
        {
            // Not worth reading; the browser may see the connection close before this answer, but nothing is stored.
            context.Result = new ContentResult
            {
                StatusCode = StatusCodes.Status413PayloadTooLarge, ContentType = "text/plain; charset=utf-8",
                Content = $"文件不能超过 {FileBytes / 1024 / 1024} MB (the file must be at most {FileBytes / 1024 / 1024} MB)",
            };
            return;
        }
        if (bodySize is { IsReadOnly: false })
        {
            bodySize.MaxRequestBodySize = length;
        }
        // Read to the end (a browser still sending would otherwise see the connection cut instead of the page).
        try
        {
            var fields = await KeepFieldsAsync(new MultipartReader(boundary, request.Body), http.RequestAborted);
            http.Features.Set<IFormFeature>(new FormFeature(new FormCollection(fields)));
            http.Items[ExceededKey] = true;
        }
        catch (InvalidDataException)
        {
            context.Result = new ContentResult
            {
                StatusCode = StatusCodes.Status400BadRequest, ContentType = "text/plain; charset=utf-8",
                Content = "表单内容不完整或格式不对，请重新提交 (the form could not be read)",
            };
        }
    }

    private static async Task<Dictionary<string, StringValues>> KeepFieldsAsync(MultipartReader reader, CancellationToken cancellationToken)
    {
        var fields = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        long kept = 0;
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                && disposition.IsFormDisposition() && !disposition.IsFileDisposition()
                && await ReadFieldAsync(section.Body, FieldsAllowance - kept, cancellationToken) is { } value)
            {
                kept += value.Length;
                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                (fields.TryGetValue(name, out var values) ? values : fields[name] = []).Add(Encoding.UTF8.GetString(value));
                continue;
            }
            await section.Body.CopyToAsync(Stream.Null, cancellationToken);
        }
        return fields.ToDictionary(f => f.Key, f => new StringValues([.. f.Value]), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>A field's bytes if they fit in the room left; otherwise it is read through and dropped (null).</summary>
    private static async Task<byte[]?> ReadFieldAsync(Stream body, long room, CancellationToken cancellationToken)
    {
        using var value = new MemoryStream();
        var buffer = new byte[16 * 1024];
        var fits = true;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            fits &= value.Length + read <= room;
            if (fits)
            {
                value.Write(buffer, 0, read);
            }
        }
        return fits ? value.ToArray() : null;
    }
}
