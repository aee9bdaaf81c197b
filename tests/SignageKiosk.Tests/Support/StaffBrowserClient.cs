using System.Net;
using System.Text.RegularExpressions;

namespace SignageKiosk.Tests.Support;

/// <summary>An HttpClient that behaves like a browser on the staff pages: cookies, and the antiforgery token from each form.</summary>
public sealed partial class StaffBrowserClient : IDisposable
{
    private readonly HttpClient _client;

    public StaffBrowserClient(string baseUrl)
    {
        _client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(baseUrl),
        };
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    public async Task<string> TokenFromAsync(string path)
    {
        var html = await _client.GetStringAsync(path);
        return TokenPattern().Match(html) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException("no antiforgery token on " + path);
    }

    public async Task<HttpResponseMessage> SignInAsync(string username, string password)
    {
        var token = await TokenFromAsync("/admin/login");
        return await PostFormAsync("/admin/login", new() { ["username"] = username, ["password"] = password, ["__RequestVerificationToken"] = token });
    }

    public Task<HttpResponseMessage> PostFormAsync(string path, Dictionary<string, string> fields) =>
        _client.PostAsync(path, new FormUrlEncodedContent(fields));

    public Task<HttpResponseMessage> PostAsync(string path, HttpContent content) => _client.PostAsync(path, content);

    public Task<HttpResponseMessage> GetAsync(string path) => _client.GetAsync(path);

    public void Dispose() => _client.Dispose();
}
