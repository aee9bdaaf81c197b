namespace SignageKiosk.Controller.Print;

/// <summary>
/// Controller:PublicUrl — the address phones reach the controller at (e.g. https://board.example.cn), used in the
/// QR codes on printed notices and posters. Unset, the staff request's own scheme and host are used, which is
/// right only when staff and residents reach the controller by the same name (not behind a proxy that renames it).
/// </summary>
public sealed class PublicUrlOptions
{
    public const string Section = "Controller";

    public string? PublicUrl { get; set; }

    /// <summary>The base URL without a trailing slash.</summary>
    public string BaseFor(HttpRequest request) =>
        string.IsNullOrWhiteSpace(PublicUrl) ? $"{request.Scheme}://{request.Host}{request.PathBase}" : PublicUrl.TrimEnd('/');

    /// <summary>What is wrong with this setting, or null.</summary>
    public string? Problem() => IsValid(PublicUrl) ? null
        : Settings.SettingsRegistration.Must(Section + ":PublicUrl", "须为不带查询和片段的 http(s) 绝对地址", "must be an absolute http(s) URL without query or fragment");

    public static bool IsValid(string? url) =>
        string.IsNullOrWhiteSpace(url)
        || (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment));
}
