using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SignageKiosk.Shared.Content;

namespace SignageKiosk.Simulator.Controller;

/// <summary>The controller's REST API as an administrator sees it; only what the simulator and benchmarks need.</summary>
public sealed class AdminApi : IDisposable
{
    private readonly HttpClient _http;

    private AdminApi(HttpClient http) => _http = http;

    public static async Task<AdminApi> SignInAsync(string baseUrl, string username, string password, CancellationToken cancellationToken)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 32 }) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(120) };
        using var response = await http.PostAsJsonAsync("/api/auth/token", new { username, password }, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            http.Dispose();
            throw new HttpRequestException($"sign-in as {username} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
        var token = (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["token"]!.GetValue<string>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new AdminApi(http);
    }

    public sealed record Answer(HttpStatusCode Status, JsonObject Body);

    /// <summary>A GET whose answer the caller reads as it likes (lists answer pages or, in older builds, arrays).</summary>
    public Task<HttpResponseMessage> GetAsync(string path, CancellationToken cancellationToken) => _http.GetAsync(path, cancellationToken);

    /// <summary>Sends a record in the content JSON shape; never throws on an HTTP status, the caller decides.</summary>
    public async Task<Answer> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            var json = body as string ?? JsonSerializer.Serialize(body, body.GetType(), ContentJson.Options);
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        using var response = await _http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return new Answer(response.StatusCode, (string.IsNullOrEmpty(text) ? null : JsonNode.Parse(text)) as JsonObject ?? []);
    }

    public async Task<JsonObject> RequireAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(method, path, body, cancellationToken);
        return (int)answer.Status is >= 200 and < 300
            ? answer.Body
            : throw new HttpRequestException($"{method} {path} answered {(int)answer.Status}: {answer.Body.ToJsonString()}");
    }

    /// <summary>POST /api/{kind} or PUT /api/{kind}/{id}; returns the sequence the change was published at.</summary>
    public async Task<long> PublishAsync(string kind, string id, object item, bool replace, CancellationToken cancellationToken)
    {
        var body = replace
            ? await RequireAsync(HttpMethod.Put, $"/api/{kind}/{Uri.EscapeDataString(id)}", item, cancellationToken)
            : await RequireAsync(HttpMethod.Post, $"/api/{kind}", item, cancellationToken);
        return body["seq"]!.GetValue<long>();
    }

    public async Task<long> HeadAsync(CancellationToken cancellationToken) =>
        (await RequireAsync(HttpMethod.Get, "/api/changes/head", null, cancellationToken))["seq"]!.GetValue<long>();

    public void Dispose() => _http.Dispose();
}
