using System.Net;
using System.Text.RegularExpressions;

namespace SignageKiosk.Tests.Support;

/// <summary>A resident's phone without a browser: cookies, and the token and idempotency key of the form it was served.</summary>
public sealed partial class PhonePageClient : IDisposable
{
    private readonly HttpClient _client;

    public PhonePageClient(string baseUrl) =>
        _client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl) };

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("name=\"key\" value=\"([^\"]+)\"")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("id=\"reference\">([^<]+)<")]
    private static partial Regex ReferencePattern();

    public sealed record Served(string Token, string Key);

    public async Task<Served> FormAsync(string kioskId, string category = "repairs")
    {
        var html = await _client.GetStringAsync($"/r/{kioskId}?category={category}");
        return new Served(TokenPattern().Match(html).Groups[1].Value, KeyPattern().Match(html).Groups[1].Value);
    }

    public async Task<string> TokenAsync(string path) => TokenPattern().Match(await _client.GetStringAsync(path)).Groups[1].Value;

    public Task<HttpResponseMessage> PostAsync(string path, IEnumerable<KeyValuePair<string, string>> fields) =>
        _client.PostAsync(path, new FormUrlEncodedContent(fields));

    /// <summary>Files a report on the phone page with the served form's token and key.</summary>
    public Task<HttpResponseMessage> ReportAsync(string kioskId, Served form, string building, string? unit = null, string? phone = null, string category = "repairs",
        params string[] phrases)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", form.Token), new("key", form.Key), new("category", category), new("building", building),
            new("unit-" + building, unit ?? ""), new("phone", phone ?? ""),
        };
        fields.AddRange(phrases.Select(p => new KeyValuePair<string, string>("phrase", p)));
        return PostAsync($"/r/{kioskId}", fields);
    }

    public static string? ReferenceIn(string html) => ReferencePattern().Match(html) is { Success: true } m ? m.Groups[1].Value : null;

    public Task<HttpResponseMessage> GetAsync(string path) => _client.GetAsync(path);

    public void Dispose() => _client.Dispose();
}
