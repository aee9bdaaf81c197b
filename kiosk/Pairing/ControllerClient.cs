using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SignageKiosk.Shared.Fleet;
using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Kiosk.Pairing;

/// <summary>The kiosk's few plain HTTP calls to the controller: pairing, credential confirmation, reports and screenshots.</summary>
public sealed class ControllerClient(IHttpClientFactory httpClientFactory, IOptions<KioskOptions> options)
{
    public sealed class RefusedException(HttpStatusCode status, string message, TimeSpan? retryAfter) : Exception(message)
    {
        public HttpStatusCode Status { get; } = status;
        public TimeSpan? RetryAfter { get; } = retryAfter;
    }

    private static readonly JsonSerializerOptions Json = CreateJson();

    public bool Configured => !string.IsNullOrWhiteSpace(options.Value.ControllerUrl);

    public string? BaseUrl => options.Value.ControllerUrl;

    public async Task<PairingTicket> RequestPairingAsync(PairingRequest request, CancellationToken cancellationToken) =>
        await SendAsync<PairingTicket>(HttpMethod.Post, FleetProtocol.PairingRequests, JsonContent.Create(request, options: Json), null, cancellationToken);

    public async Task<PairingPollResult> PollPairingAsync(string pollToken, CancellationToken cancellationToken) =>
        await SendAsync<PairingPollResult>(HttpMethod.Post, FleetProtocol.PairingPoll, JsonContent.Create(new PairingPoll { PollToken = pollToken }, options: Json), null, cancellationToken);

    /// <summary>The first use of a new credential retires the previous one on the controller.</summary>
    public Task ConfirmCredentialAsync(string credential, CancellationToken cancellationToken) =>
        SendAsync<JsonElement>(HttpMethod.Post, FleetProtocol.CredentialConfirm, null, credential, cancellationToken);

    public Task ReportAsync(FleetReport report, string credential, CancellationToken cancellationToken) =>
        SendAsync<JsonElement?>(HttpMethod.Post, FleetProtocol.Report, JsonContent.Create(report, options: Json), credential, cancellationToken);

    public Task UploadScreenshotAsync(string kioskId, string requestId, byte[] png, string credential, CancellationToken cancellationToken)
    {
        var content = new ByteArrayContent(png);
        content.Headers.ContentType = new MediaTypeHeaderValue(PngFile.ContentType);
        return SendAsync<JsonElement>(HttpMethod.Put, FleetProtocol.Screenshot(kioskId) + "?requestId=" + Uri.EscapeDataString(requestId), content, credential, cancellationToken);
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? content, string? credential, CancellationToken cancellationToken)
    {
        var baseUrl = options.Value.ControllerUrl ?? throw new InvalidOperationException("no controller configured");
        using var client = httpClientFactory.CreateClient(nameof(ControllerClient));
        using var request = new HttpRequestMessage(method, new Uri(new Uri(baseUrl.TrimEnd('/') + "/"), path.TrimStart('/'))) { Content = content };
        if (credential is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        }
        using var response = await client.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var error = await ErrorOfAsync(response, cancellationToken);
            throw new RefusedException(response.StatusCode, $"controller answered {(int)response.StatusCode}: {error}", response.Headers.RetryAfter?.Delta);
        }
        if (response.StatusCode == HttpStatusCode.NoContent || response.Content.Headers.ContentLength == 0)
        {
            return default!;
        }
        return (await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken))!;
    }

    private static async Task<string> ErrorOfAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(Json, cancellationToken);
            return body.TryGetProperty("error", out var error) ? error.GetString() ?? "" : "";
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            return response.ReasonPhrase ?? "";
        }
    }

    private static JsonSerializerOptions CreateJson()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        SyncJson.Configure(json);
        return json;
    }
}
